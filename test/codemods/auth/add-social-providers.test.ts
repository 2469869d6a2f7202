import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addSocialProviders, type AddSocialProvidersOptions } from '../../../src/codemods/auth/add-social-providers.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

/** A provider's entry as the plan writes it (src/plans/sign-in/entries.ts), reduced to its client id. */
const entry = (id: string) => ({
  id,
  lines: [`${id}: {`, `  clientId: process.env.${id.toUpperCase()}_CLIENT_ID ?? '',`, '}'],
})

const optionsOf = (json: Record<string, unknown>): AddSocialProvidersOptions => ({
  providers: (json.providers as string[]).map(entry),
  trusted: json.trusted as string[],
  command: 'kit-auth add oauth',
  style: STYLE,
})

describeCases('addSocialProviders cases', {
  dir: fileURLToPath(new URL('./add-social-providers/', import.meta.url)),
  fileName: FILE,
  transform: addSocialProviders,
  options: optionsOf,
  run: { style: STYLE },
  keeps: (name) => (name === 'one-line-objects' ? 'every-token' : 'every-byte'),
  check(output, { options }) {
    for (const provider of options.providers)
      expect(output.match(new RegExp(`\\b${provider.id}: \\{`, 'g'))).toHaveLength(1)
    expect(output).toContain('accountLinking')
  },
})

describe('addSocialProviders', () => {
  const run = (text: string, providers = ['github', 'google']) =>
    runTransform(text, FILE, addSocialProviders, optionsOf({ providers, trusted: providers }), { style: STYLE })
  const IMPORT = "import { betterAuth } from 'better-auth'\n"

  it('names the providers already configured, and adds only the others', () => {
    const result = run(`${IMPORT}export const auth = betterAuth({ socialProviders: { github: { clientId: 'a' } } })\n`)
    expect(result.data?.present).toEqual(['github'])
    expect(result.changes).toEqual([
      'socialProviders.google',
      'account.accountLinking',
      'account.accountLinking.trustedProviders google',
    ])
    // github was configured before: its trust is the app's to give
    expect(result.text).toContain("trustedProviders: ['google'],")
  })

  it('never trusts a provider that was already there, and reports each one it trusts', () => {
    const listed = run(
      `${IMPORT}export const auth = betterAuth({ socialProviders: { github: {} }, account: { accountLinking: { trustedProviders: [] } } })\n`,
    )
    expect(listed.text).toContain('trustedProviders: [')
    expect(listed.text).not.toContain("'github'")
    expect(listed.changes).toEqual(['socialProviders.google', 'account.accountLinking.trustedProviders google'])
    const none = run(`${IMPORT}export const auth = betterAuth({ account: { accountLinking: { enabled: true } } })\n`)
    expect(none.text).toContain("trustedProviders: ['github', 'google']")
    expect(none.changes).toEqual([
      'socialProviders.github',
      'socialProviders.google',
      'account.accountLinking.trustedProviders github',
      'account.accountLinking.trustedProviders google',
    ])
    const nothingNew = `${IMPORT}export const auth = betterAuth({ socialProviders: { github: {} } })\n`
    expect(run(nothingNew, ['github']).text).toBe(nothingNew)
  })

  it('leaves options it cannot read to the user, with a note', () => {
    const result = run(`${IMPORT}export const auth = betterAuth({ socialProviders: providers, account })\n`)
    expect(result.text).toBe(`${IMPORT}export const auth = betterAuth({ socialProviders: providers, account })\n`)
    expect(result.notes).toEqual([
      `${FILE}: add github, google to \`socialProviders\` by hand: kit-auth cannot read it.`,
      `${FILE}: add accountLinking to \`account\` by hand: kit-auth cannot read it.`,
    ])
  })
})
