/**
 * addPluginCalls, the instance edit of `kit-auth add two-factor|passkey`: calls listed before the
 * cookies plugin (which stays last) with their imports, once; an instance whose plugins it cannot read
 * is refused with what to add by hand. listedPlugins reads what an instance lists.
 */
import { describe, expect, it } from 'vitest'
import { addPluginCalls, listedPlugins, type PluginCall } from '../../../src/codemods/auth/add-plugin-calls.js'
import { parse } from '../../../src/codemods/js/parse.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const FILE = 'src/lib/auth.ts'
const PASSKEY: PluginCall = {
  name: 'passkey',
  code: 'passkey(PASSKEY_OPTIONS)',
  imports: { '@better-auth/passkey': ['passkey'], './passkey': ['PASSKEY_OPTIONS'] },
}

const INSTANCE = `import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  plugins: [
    // must stay last
    tanstackStartCookies(),
  ],
})
`

describe('addPluginCalls', () => {
  it('lists the call before the cookies plugin and its comment, imports what it names, once', () => {
    const result = runTransform(INSTANCE, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE })
    expect(result.data?.added).toEqual(['passkey'])
    expect(result.text).toContain(
      '  plugins: [\n    passkey(PASSKEY_OPTIONS),\n    // must stay last\n    tanstackStartCookies(),\n  ],',
    )
    expect(result.text).toContain("import { passkey } from '@better-auth/passkey'\n")
    expect(result.text).toContain("import { PASSKEY_OPTIONS } from './passkey'\n")
    expect(listedPlugins(parse(result.text, FILE))).toEqual(['passkey', 'tanstackStartCookies'])
    const again = runTransform(result.text, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE })
    expect(again.changed).toBe(false)
    expect(again.data?.added).toEqual([])
  })

  it('leaves a plugin the app lists under another local name alone', () => {
    const own = INSTANCE.replace(
      "import { tanstackStartCookies } from 'better-auth/tanstack-start'",
      "import { tanstackStartCookies } from 'better-auth/tanstack-start'\nimport { passkey as webauthn } from '@better-auth/passkey'",
    ).replace('    // must stay last', '    webauthn({ rpID: "example.com" }),\n    // must stay last')
    const result = runTransform(own, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE })
    expect(result.changed).toBe(false)
  })

  it('refuses plugins it cannot read, with the calls to add by hand', () => {
    const spread = INSTANCE.replace('plugins: [', 'plugins: [...basePlugins, ').replace(
      'export const auth',
      'const basePlugins = []\nexport const auth',
    )
    const computed = INSTANCE.replace(/plugins: \[[\s\S]*?\],/, 'plugins: makePlugins(),')
    const none = INSTANCE.replace(/plugins: \[[\s\S]*?\],/, '')
    expect(() => runTransform(computed, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE })).toThrow(
      /its `plugins` are not an array literal/,
    )
    expect(() => runTransform(none, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE })).toThrow(
      /it lists no `plugins`/,
    )
    // a spread inside the array is fine: the call goes before the cookies plugin
    expect(runTransform(spread, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE }).text).toContain(
      'passkey(PASSKEY_OPTIONS)',
    )
  })

  it('reads the same-file arrays the plugins spread: a cookies plugin ending one that ends the list stays last', () => {
    const spread = INSTANCE.replace(/plugins: \[[\s\S]*?\],/, 'plugins: [admin(), ...basePlugins],').replace(
      'export const auth',
      'const basePlugins = [bearer(), tanstackStartCookies()]\n\nexport const auth',
    )
    const result = runTransform(spread, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE })
    expect(result.text).toContain('const basePlugins = [bearer(), passkey(PASSKEY_OPTIONS), tanstackStartCookies()]')
    expect(result.text).toContain('plugins: [admin(), ...basePlugins],')
    expect(listedPlugins(parse(result.text, FILE))).toEqual(['admin', 'bearer', 'passkey', 'tanstackStartCookies'])
    // a plugin listed in the spread array is there already
    const listed = spread.replace('[bearer(), ', '[passkey(), ')
    expect(runTransform(listed, FILE, addPluginCalls, { plugins: [PASSKEY], style: STYLE }).changed).toBe(false)
  })
})
