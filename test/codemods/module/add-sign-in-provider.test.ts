import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import {
  addSignInProvider,
  type AddSignInProviderOptions,
  type SignInProviderEntry,
} from '../../../src/codemods/module/add-sign-in-provider.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth/sign-in-providers.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

describeCases('addSignInProvider cases', {
  dir: fileURLToPath(new URL('./add-sign-in-provider/', import.meta.url)),
  fileName: FILE,
  transform: addSignInProvider,
  options: (json): AddSignInProviderOptions => ({ providers: json.providers as SignInProviderEntry[], style: STYLE }),
  run: { style: STYLE },
  keeps: (name) => (name === 'empty-list' ? 'every-token' : 'every-byte'),
  check(output, { options }) {
    for (const provider of options.providers)
      expect(output.match(new RegExp(`id: '${provider.id}'`, 'g'))).toHaveLength(1)
  },
})

it('refuses a file without the list, with the entries to add by hand', () => {
  expect(() =>
    runTransform('export const PROVIDERS = getProviders()\n', FILE, addSignInProvider, {
      providers: [{ id: 'github', label: 'GitHub', generic: false }],
      style: STYLE,
    }),
  ).toThrow(expect.objectContaining({ hint: "Add { id: 'github', label: 'GitHub' } to the buttons by hand." }))
})

it('writes a label with quotes and backslashes as a valid string literal in the app’s quotes', () => {
  const input = "export const SIGN_IN_PROVIDERS = [\n  { id: 'github', label: 'GitHub' },\n]\n"
  const providers = [{ id: 'acme', label: 'Bob\'s "SSO" \\ EU', generic: true }]
  const single = runTransform(input, FILE, addSignInProvider, { providers, style: STYLE }).text
  expect(single).toContain(`{ id: 'acme', label: 'Bob\\'s "SSO" \\\\ EU', generic: true },`)
  const double = runTransform(input, FILE, addSignInProvider, { providers, style: { ...STYLE, quote: 'double' } }).text
  expect(double).toContain(`{ id: "acme", label: "Bob's \\"SSO\\" \\\\ EU", generic: true },`)
})
