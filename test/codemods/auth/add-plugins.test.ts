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
})
