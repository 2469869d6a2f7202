import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addSignInPlugin, type AddSignInPluginOptions } from '../../../src/codemods/auth/add-sign-in-plugin.js'
import { runTransform } from '../../../src/codemods/transform.js'
import { oidcEntry } from '../../../src/plans/sign-in/entries.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

/** What `kit-auth add oidc` and `add magic-link` pass (src/plans/sign-in/methods.ts). */
const optionsOf = (json: Record<string, unknown>): AddSignInPluginOptions => {
  if (json.plugin === 'magicLink')
    return {
      plugin: 'magicLink',
      call: ['magicLink({', '  sendMagicLink: async ({ email, url }) => sendEmail(magicLinkEmail(email, url)),', '})'],
      imports: [
        { from: 'better-auth/plugins', names: ['magicLink'] },
        { from: './email', names: ['sendEmail'] },
        { from: './magic-link-email', names: ['magicLinkEmail'] },
      ],
      command: 'kit-auth add magic-link',
      style: STYLE,
    }
  const id = json.providerId as string
  const entry = oidcEntry(id, STYLE)
  return {
    plugin: 'genericOAuth',
    call: [
      'genericOAuth({',
      '  config: [',
      ...entry.map((line, index) => `    ${line}${index === entry.length - 1 ? ',' : ''}`),
      '  ],',
      '})',
    ],
    entry: { list: 'config', key: 'providerId', value: id, lines: entry },
    imports: [{ from: 'better-auth/plugins', names: ['genericOAuth'] }],
    command: 'kit-auth add oidc',
    style: STYLE,
  }
}

describeCases('addSignInPlugin cases', {
  dir: fileURLToPath(new URL('./add-sign-in-plugin/', import.meta.url)),
  fileName: FILE,
  transform: addSignInPlugin,
  options: optionsOf,
  run: { style: STYLE },
  keeps: (name) => (name === 'one-line-plugins' ? 'every-token' : 'every-byte'),
  check(output, { options }) {
    expect(output.match(new RegExp(`\\b${options.plugin}\\(`, 'g'))).toHaveLength(1)
    // the cookies plugin stays last
    expect(output.lastIndexOf(`${options.plugin}(`)).toBeLessThan(
      output.search(/(tanstackStartCookies|reactStartCookies)\(\)/),
    )
    if (options.entry) expect(output.match(new RegExp(`providerId: '${options.entry.value}'`, 'g'))).toHaveLength(1)
  },
})

describe('addSignInPlugin', () => {
  it('says what it did: the plugin, a provider added to it, or nothing', () => {
    const base = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({\n  plugins: [],\n})\n"
    const run = (text: string, id: string) =>
      runTransform(text, FILE, addSignInPlugin, optionsOf({ plugin: 'genericOAuth', providerId: id }), { style: STYLE })
    const first = run(base, 'oidc')
    expect(first.data?.status).toBe('added')
    const second = run(first.text, 'keycloak')
    expect(second.data?.status).toBe('entry-added')
    expect(second.changes).toEqual(['genericOAuth keycloak'])
    expect(run(second.text, 'keycloak').data?.status).toBe('present')
  })

  it('refuses plugins it cannot read, with what to add by hand', () => {
    const text = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ plugins: list })\n"
    expect(() =>
      runTransform(text, FILE, addSignInPlugin, optionsOf({ plugin: 'magicLink' }), { style: STYLE }),
    ).toThrow(
      expect.objectContaining({
        hint: 'Add magicLink(...) to its plugins by hand, then run kit-auth add magic-link again.',
      }),
    )
  })
})
