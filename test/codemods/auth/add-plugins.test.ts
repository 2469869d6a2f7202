import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addPlugins, type AddPluginsOptions } from '../../../src/codemods/auth/add-plugins.js'
import { calleeName } from '../../../src/codemods/js/calls.js'
import { importedNames } from '../../../src/codemods/js/bindings.js'
import { parse } from '../../../src/codemods/js/parse.js'
import { findInstance } from '../../../src/codemods/auth/find-instance.js'
import { findProperty, propertyValue } from '../../../src/codemods/js/objects.js'
import { runTransform } from '../../../src/codemods/transform.js'
import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const IMPORT = "import { betterAuth } from 'better-auth'\n"

/** What add-guard passes (src/plans/add-guard.ts), with the plugins of the case. */
const optionsOf = (json: Record<string, unknown>): AddPluginsOptions => ({
  plugins: json.plugins as AddPluginsOptions['plugins'],
  apiTokensFrom: '#/lib/auth/api-tokens',
  lockoutFrom: '#/lib/auth/lockout',
  command: 'kit-auth add-guard',
  style: STYLE,
})

/** The plugins listed, by the name they are imported as: `org()` is organization when imported `as org`. */
function pluginsOf(text: string): string[] {
  const sourceFile = parse(text, FILE)
  const options = findInstance(sourceFile)?.options
  const property = options && findProperty(options, 'plugins')
  const list = property && propertyValue(property)
  if (!list || !ts.isArrayLiteralExpression(list)) return []
  const imports = importedNames(sourceFile)
  return list.elements.map((element) => calleeName(element, imports) ?? element.getText(sourceFile))
}

describeCases('addPlugins cases', {
  dir: fileURLToPath(new URL('./add-plugins/', import.meta.url)),
  fileName: FILE,
  transform: addPlugins,
  options: optionsOf,
  run: { style: STYLE },
  keeps: (name) => (name === 'aliased-imports-cookies-moved-last' ? 'local' : 'every-byte'),
  check(output, { input, options }) {
    const after = pluginsOf(output)
    // every plugin asked for once, the ones listed before kept, the cookies plugin last
    for (const [name, on] of Object.entries(options.plugins))
      if (on)
        expect(
          after.filter((plugin) => plugin === name),
          name,
        ).toHaveLength(1)
    expect(after).toEqual(expect.arrayContaining(pluginsOf(input)))
    expect(after.at(-1)).toMatch(/^(tanstackStartCookies|reactStartCookies)$/)
  },
})

describe('addPlugins', () => {
  const run = (text: string, plugins: AddPluginsOptions['plugins'] = { admin: true }) =>
    runTransform(text, FILE, addPlugins, { ...optionsOf({ plugins }) }, { style: STYLE })

  it('says which plugins it added, and what changed for the report', () => {
    const input = `${IMPORT}export const auth = betterAuth({\n  plugins: [tanstackStartCookies(), admin()],\n})\n`
    const result = run(input, { admin: true, organization: true })
    expect(result.data).toEqual({ added: ['organization'] })
    expect(result.changes).toEqual(['organization()', 'tanstackStartCookies() moved last'])
  })

  it('refuses plugins it cannot read, with what to do and the command to run again', () => {
    expect(() => run(`${IMPORT}export const auth = betterAuth({ plugins: list })\n`)).toThrow(
      expect.objectContaining({
        message:
          `${FILE}: its \`plugins\` are not an array literal, ` + 'so kit-auth cannot adopt this Better Auth instance.',
        hint:
          'Add admin() and tanstackStartCookies() (last) to its plugins by hand, ' +
          'then run kit-auth add-guard again.',
      }),
    )
    expect(() => run(`${IMPORT}export const auth = betterAuth({ ...shared })\n`)).toThrow(/spread another object/)
    expect(() => run('export const auth = createAuth()\n')).toThrow(/no betterAuth\(\.\.\.\) call found/)
  })

  // Better Auth's customSession pattern: the options hoisted into a const and spread (corpus issue 12, P4b)
  const hoisted = (plugins: string, spread: string) =>
    "import { betterAuth } from 'better-auth'\n" +
    "import { admin, customSession, organization } from 'better-auth/plugins'\n" +
    "import { tanstackStartCookies } from 'better-auth/tanstack-start'\n\n" +
    `const options = {\n  emailAndPassword: { enabled: true },\n  plugins: [${plugins}],\n}\n\n` +
    `export const auth = betterAuth({\n  ...options,\n  plugins: [\n    ${spread},\n` +
    '    customSession(async ({ user, session }) => ({ user, session }), options),\n  ],\n})\n'

  it('sees the plugins of a same-file array the instance spreads, and adds the missing ones before its cookies', () => {
    // the cookies plugin ends the spread array, which ends the instance's: it stays there
    const input = hoisted('admin(), organization(), tanstackStartCookies()', '...(options.plugins ?? [])').replace(
      /\n {4}customSession\(.*\n/,
      '\n',
    )
    const result = run(input, { admin: true, organization: true, apiTokens: true })
    expect(result.data).toEqual({ added: ['apiTokens'] })
    expect(result.changes).toEqual(['apiTokens()'])
    expect(result.text).toBe(
      input
        .replace(
          'plugins: [admin(), organization(), tanstackStartCookies()]',
          'plugins: [admin(), organization(), apiTokens(), tanstackStartCookies()]',
        )
        .replace(
          "'better-auth/tanstack-start'\n",
          "'better-auth/tanstack-start'\nimport { apiTokens } from '#/lib/auth/api-tokens'\n",
        ),
    )
    // betterAuth({ ...options }) alone: the plugins are the const's
    const whole = hoisted('admin()', '').replace(/ {2}plugins: \[\n[\s\S]*?\n {2}\],\n\}\)/, '})')
    expect(run(whole, { admin: true }).text).toContain('plugins: [admin(), tanstackStartCookies()]')
  })

  it('moves a cookies plugin out of a spread array with plugins after it, when only the instance reads that array', () => {
    // customSession after `...options.plugins`: tanstackStartCookies() was not last; `options` is read by the
    // instance only (its spread, customSession's types), so the plugin moves to the end of the instance's array
    for (const spread of ['...(options.plugins ?? [])', '...options.plugins']) {
      const input = hoisted('admin(), organization(), tanstackStartCookies()', spread)
      const result = run(input, { admin: true, organization: true, apiTokens: true })
      expect(result.changes).toEqual(['apiTokens()', 'tanstackStartCookies() moved last'])
      expect(result.text).toContain('  plugins: [admin(), organization()],\n}')
      expect(result.text).toContain(
        `    ${spread},\n    customSession(async ({ user, session }) => ({ user, session }), options),\n` +
          '    apiTokens(),\n    tanstackStartCookies(),\n  ],\n})',
      )
      expect(run(result.text, { admin: true, organization: true, apiTokens: true }).changed).toBe(false)
    }
    // a const array spread before another plugin, on lines of their own
    const base =
      `${IMPORT}const basePlugins = [\n  organization(),\n  tanstackStartCookies(),\n  bearer(),\n]\n\n` +
      'export const auth = betterAuth({ plugins: [...basePlugins, admin()] })\n'
    const moved = run(base, { admin: true, organization: true }).text
    expect(moved).toContain('const basePlugins = [\n  organization(),\n  bearer(),\n]')
    expect(moved.replace(/\s+/g, ' ')).toContain('plugins: [ ...basePlugins, admin(), tanstackStartCookies(), ]')
  })

  it('refuses a cookies plugin in a spread array other code reads too, with the reason', () => {
    const shared =
      `${IMPORT}export const basePlugins = [organization(), tanstackStartCookies()]\n\n` +
      'export const auth = betterAuth({ plugins: [...basePlugins, admin()] })\n'
    expect(() => run(shared)).toThrow(
      expect.objectContaining({
        message:
          `${FILE}: its \`tanstackStartCookies()\` is in an array its \`plugins\` spread before other plugins, ` +
          'which code outside the instance reads too: Better Auth needs it last, so kit-auth cannot adopt this ' +
          'Better Auth instance.',
        hint: expect.stringContaining('Move tanstackStartCookies() to the end of the plugins in the betterAuth'),
      }),
    )
    const read = shared.replace('export const basePlugins', 'const basePlugins') + 'export const names = basePlugins\n'
    expect(() => run(read)).toThrow(/which code outside the instance reads too/)
  })

  it('edits the same-file const `plugins` names, when only the instance reads it; refuses a shared one', () => {
    const input =
      `${IMPORT}const basePlugins = [tanstackStartCookies(), organization()]\n\n` +
      'export const auth = betterAuth({ plugins: basePlugins })\n'
    const result = run(input, { admin: true, organization: true })
    expect(result.text).toContain('const basePlugins = [organization(), admin(), tanstackStartCookies()]')
    expect(result.text).toContain('betterAuth({ plugins: basePlugins })')
    const shared = input.replace('const basePlugins', 'export const basePlugins')
    expect(() => run(shared)).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('its `plugins` are `basePlugins`, which code outside the instance reads too'),
        hint: expect.stringContaining('Write `plugins: [...basePlugins]` in the betterAuth({ ... }) call'),
      }),
    )
  })

  it('refuses a spread in the plugins it cannot follow, naming it', () => {
    expect(() => run(hoisted('admin()', '...basePlugins()'))).toThrow(
      expect.objectContaining({
        message:
          `${FILE}: its \`plugins\` spread \`...basePlugins()\`, which kit-auth cannot read (it may list them), ` +
          'so kit-auth cannot adopt this Better Auth instance.',
      }),
    )
  })
})
