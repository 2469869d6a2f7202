/**
 * adoptAuth (what init does to an app's own Better Auth instance) on the case folders of
 * ./adopt-instance, through the shared harness, and what each output must hold besides.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { adoptAuth, type AdoptAuthOptions } from '../../../src/codemods/auth/adopt-instance.js'
import { inspectAuthInstance } from '../../../src/codemods/auth/inspect-instance.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const CASES = fileURLToPath(new URL('./adopt-instance/', import.meta.url))
const FILE = 'src/lib/auth.ts'
const DEFAULT_STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const DEFAULT_OPTIONS: Omit<AdoptAuthOptions, 'style'> = {
  plugins: { admin: true, organization: true, apiTokens: true },
  apiTokensFrom: '#/lib/auth/api-tokens',
  database: { kind: 'sqlite', path: './data/auth.db' },
}
const RUN = { style: DEFAULT_STYLE, rerun: 'run kit-auth init again' }

/** The object literal betterAuth(...) is configured with (inline or a same-file const), read back from a text. */
function configOf(text: string): ts.ObjectLiteralExpression | undefined {
  const sourceFile = ts.createSourceFile('auth.ts', text, ts.ScriptTarget.Latest, true)
  let found: ts.ObjectLiteralExpression | undefined
  const unwrap = (node: ts.Expression): ts.Expression =>
    ts.isSatisfiesExpression(node) || ts.isAsExpression(node) || ts.isParenthesizedExpression(node)
      ? unwrap(node.expression)
      : node
  const visit = (node: ts.Node): void => {
    if (found) return
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ['betterAuth', 'createAuth'].includes(node.expression.text)
    ) {
      let argument = node.arguments[0] && unwrap(node.arguments[0])
      if (argument && ts.isIdentifier(argument)) {
        const name = argument.text
        const declaration = sourceFile.statements
          .filter(ts.isVariableStatement)
          .flatMap((statement) => [...statement.declarationList.declarations])
          .find((item) => item.name.getText(sourceFile) === name)
        argument = declaration?.initializer && unwrap(declaration.initializer)
      }
      if (argument && ts.isObjectLiteralExpression(argument)) found = argument
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return found
}

function property(object: ts.ObjectLiteralExpression | undefined, name: string): ts.Expression | undefined {
  for (const item of object?.properties ?? [])
    if (ts.isPropertyAssignment(item) && item.name.getText() === name) return item.initializer
  return undefined
}

/** The plugin calls listed, by callee text: `admin`, `adminPlugin`, `tanstackStartCookies`. */
function pluginsOf(text: string): string[] {
  const list = property(configOf(text), 'plugins')
  if (!list || !ts.isArrayLiteralExpression(list)) return []
  return list.elements.map((element) =>
    ts.isCallExpression(element) ? element.expression.getText() : element.getText(),
  )
}

/** The lines of a text outside its imports (which may be extended) and its `plugins: [...]` array (which may be reordered). */
function linesOutsidePluginsAndImports(text: string): string[] {
  const list = property(configOf(text), 'plugins')
  const outside = list ? text.slice(0, list.getStart()) + '[]' + text.slice(list.end) : text
  const sourceFile = ts.createSourceFile('auth.ts', outside, ts.ScriptTarget.Latest, true)
  const lastImport = sourceFile.statements.filter(ts.isImportDeclaration).at(-1)
  return outside.slice(lastImport?.end ?? 0).split('\n')
}

/** Every `module: name` an import binds. */
function importedOf(text: string): string[] {
  const sourceFile = ts.createSourceFile('auth.ts', text, ts.ScriptTarget.Latest, true)
  return sourceFile.statements.filter(ts.isImportDeclaration).flatMap((statement) => {
    const from = (statement.moduleSpecifier as ts.StringLiteral).text
    const clause = statement.importClause
    const bindings = clause?.namedBindings
    return [
      ...(clause?.name ? [`${from}: default ${clause.name.text}`] : []),
      ...(bindings && ts.isNamedImports(bindings)
        ? bindings.elements.map((element) => `${from}: ${element.getText()}`)
        : []),
    ]
  })
}

function isLineSubsequence(small: string[], large: string[]): boolean {
  let index = 0
  for (const line of large) if (line === small[index]) index++
  return index === small.length
}

const optionsOf = (json: Record<string, unknown>): AdoptAuthOptions =>
  ({
    ...DEFAULT_OPTIONS,
    ...json,
    style: { ...DEFAULT_STYLE, ...(json.style as Partial<CodeStyle> | undefined) },
  }) as AdoptAuthOptions

/** True when the case moves the cookies plugin last: its input is then not a subsequence of its output. */
function movesCookies(name: string, options: AdoptAuthOptions): boolean {
  const input = readFileSync(path.join(CASES, name, 'input.ts'), 'utf8')
  return runTransform(input, FILE, adoptAuth, options, RUN).changes.some((change) => change.endsWith('moved last'))
}

/** True when the case moves an explicit options type onto the options (`satisfies`): not a subsequence either. */
function movesTypeArgument(name: string, options: AdoptAuthOptions): boolean {
  const input = readFileSync(path.join(CASES, name, 'input.ts'), 'utf8')
  return runTransform(input, FILE, adoptAuth, options, RUN).changes.some((change) => change.startsWith('type argument'))
}

describeCases('adoptAuth cases', {
  dir: CASES,
  fileName: FILE,
  transform: adoptAuth,
  options: optionsOf,
  run: RUN,
  keeps: (name, options) => (movesCookies(name, options) || movesTypeArgument(name, options) ? 'local' : 'every-byte'),
  check(output, { input, options, name }) {
    expect(runTransform(input, FILE, adoptAuth, options, RUN).notes).toEqual([])
    // When the cookies plugin had to move, every line after the imports and outside the plugins
    // array survives in order, every import survives and every plugin they listed is still listed.
    const before = pluginsOf(input)
    const after = pluginsOf(output)
    if (movesCookies(name, options)) {
      const lines = (text: string) => linesOutsidePluginsAndImports(text.replace(/\r\n/g, '\n'))
      expect(isLineSubsequence(lines(input), lines(output))).toBe(true)
      expect(importedOf(output)).toEqual(expect.arrayContaining(importedOf(input)))
      expect(after).toEqual(expect.arrayContaining(before))
    }

    // the wanted plugins exactly once each, the cookies plugin last
    const localAdmin = before.find((plugin) => /^admin/.test(plugin)) ?? 'admin'
    const wanted = {
      [localAdmin]: options.plugins.admin,
      organization: options.plugins.organization,
      apiTokens: options.plugins.apiTokens,
    }
    for (const [plugin, on] of Object.entries(wanted))
      expect(
        after.filter((item) => item === plugin),
        plugin,
      ).toHaveLength(on || before.includes(plugin) ? 1 : 0)
    expect(after.at(-1)).toMatch(/^(tanstackStartCookies|reactStartCookies)$/)
    expect(after.filter((item) => /StartCookies$/.test(item))).toHaveLength(1)

    // deactivatedAt once, in user.additionalFields; a database once (theirs when they had one)
    const config = configOf(output)
    const user = property(config, 'user')
    const fields = user && ts.isObjectLiteralExpression(user) ? property(user, 'additionalFields') : undefined
    expect(
      fields && ts.isObjectLiteralExpression(fields) ? property(fields, 'deactivatedAt')?.getText() : undefined,
    ).toMatch(/type: ["']date["'], required: false, input: false/)
    expect(output.match(/deactivatedAt:/g)).toHaveLength(1)
    expect(config?.properties.filter((item) => item.name?.getText() === 'database')).toHaveLength(1)
    if (/database:/.test(input))
      expect(property(config, 'database')?.getText()).toBe(property(configOf(input), 'database')?.getText())

    // the instance is exported after the edit
    expect(output).toMatch(/export (const \w+ = \w+(<typeof \w+>)?\(|default )/)
    // no explicit options type but a `typeof` one, which follows the options
    expect(output).not.toMatch(/betterAuth<(?!typeof )/)
  },
})

describe('adoptAuth', () => {
  const adopt = (input: string, options: Partial<AdoptAuthOptions> = {}) =>
    runTransform(input, 'src/auth.ts', adoptAuth, { ...DEFAULT_OPTIONS, style: DEFAULT_STYLE, ...options })

  it("names the instance's own type where `ReturnType<typeof betterAuth>` annotates it, which hides its plugins", () => {
    const imports = "import { betterAuth } from 'better-auth'\n"
    // an unexported maker behind an exported memo, annotated through an alias
    const memo = adopt(
      `${imports}type AuthInstance = ReturnType<typeof betterAuth>\nlet cached: AuthInstance | undefined\n` +
        'function make(secret: string): AuthInstance {\n  return betterAuth({ secret })\n}\n' +
        'export function getAuth(secret: string): AuthInstance {\n  cached ??= make(secret)\n  return cached\n}\n',
    )
    expect(memo.text).toContain('type AuthInstance = ReturnType<typeof make>\n')
    expect(memo.text).toContain('function make(secret: string) {\n')
    expect(memo.text).toContain('export function getAuth(secret: string): AuthInstance {')
    expect(memo.changes).toContain('erased type AuthInstance')
    // an arrow written with the type itself
    const arrow = adopt(
      `${imports}export const createAuth = (secret: string): ReturnType<typeof betterAuth> => betterAuth({ secret })\n`,
    )
    expect(arrow.text).toContain('export const createAuth = (secret: string) => betterAuth({')
    // a const that holds it
    const holder = adopt(
      `${imports}export const auth: ReturnType<typeof betterAuth> = betterAuth({})\n` +
        'export type Auth = ReturnType<typeof betterAuth>\n',
    )
    expect(holder.text).toContain('export const auth = betterAuth({')
    // a mention the annotation does not name (another instance's type, say) is left as it is
    expect(holder.text).toContain('export type Auth = ReturnType<typeof betterAuth>\n')
    // nothing annotates the instance with it: left as written
    const loose = adopt(
      `${imports}export type Any = ReturnType<typeof betterAuth>\nexport const auth = betterAuth({})\n`,
    )
    expect(loose.text).toContain('export type Any = ReturnType<typeof betterAuth>\n')
    expect(loose.changes.some((change) => change.startsWith('erased type'))).toBe(false)
  })

  it('reads a conditional spread of plugins: adds its own unconditionally, keeps the cookies plugin last', () => {
    const imports =
      "import { betterAuth } from 'better-auth'\nimport { admin, captcha } from 'better-auth/plugins'\n" +
      "import { tanstackStartCookies } from 'better-auth/tanstack-start'\n"
    const result = adopt(
      `${imports}export const auth = betterAuth({\n  plugins: [\n    tanstackStartCookies(),\n` +
        "    ...(process.env.CAPTCHA ? [captcha({ provider: 'cloudflare-turnstile', secretKey: 'x' })] : []),\n" +
        '  ],\n})\n',
    )
    // kit-auth's plugins go after the spread, the cookies plugin moves after them
    expect(result.text).toMatch(
      /: \[\]\),\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*tanstackStartCookies\(\),?\s*\]/,
    )
    expect(result.text.match(/tanstackStartCookies\(\)/g)).toHaveLength(1)
    // the cookies plugin itself under a condition: refused, with what to do
    expect(() =>
      adopt(
        `${imports}export const auth = betterAuth({ plugins: [...(process.env.X ? [tanstackStartCookies()] : [])] })\n`,
      ),
    ).toThrow(/listed only under a condition/)
  })

  it('edits the options a same-file function returns, and leaves a type built from them alone', () => {
    const imports = "import { betterAuth, type BetterAuthOptions } from 'better-auth'\n"
    const built = adopt(
      `${imports}function options(secret: string) {\n  return { secret, plugins: [] } satisfies BetterAuthOptions\n}\n` +
        'export function createAuth(secret: string): ReturnType<typeof betterAuth<ReturnType<typeof options>>> {\n' +
        '  const auth = betterAuth(options(secret))\n  return auth\n}\n',
    )
    expect(built.text).toMatch(/return \{[^}]*secret,\s*plugins: \[\s*admin\(\),[^]*\} satisfies BetterAuthOptions/)
    // typed by those options: it hides nothing, and stays
    expect(built.text).toContain('): ReturnType<typeof betterAuth<ReturnType<typeof options>>> {')
    expect(built.changes.some((change) => change.startsWith('erased type'))).toBe(false)
    const arrow = adopt(
      `${imports}const options = () => ({ plugins: [] })\nexport const auth = betterAuth(options())\n`,
    )
    expect(arrow.text).toMatch(
      /const options = \(\) => \(\{[^]*plugins: \[\s*admin\(\)[^]*\}\)\nexport const auth = betterAuth\(options\(\)\)/,
    )
    // two returns: which one is the options is unknown, so it is refused as before
    expect(() =>
      adopt(
        `${imports}function options(a: boolean) {\n  if (a) return {}\n  return {}\n}\nexport const auth = betterAuth(options(true))\n`,
      ),
    ).toThrow(/not an object literal kit-auth can read/)
  })

  it('refuses a plugin kit-auth needs that is listed only under a condition, and leaves memos and shadows alone', () => {
    const imports =
      "import { betterAuth } from 'better-auth'\nimport { admin } from 'better-auth/plugins'\n" +
      "import { tanstackStartCookies } from 'better-auth/tanstack-start'\n"
    // a default admin() beside it would override its options when the condition holds
    expect(() =>
      adopt(
        `${imports}export const auth = betterAuth({ plugins: [...(process.env.A ? [admin({ adminRoles: ['owner'] })] : []), tanstackStartCookies()] })\n`,
      ),
    ).toThrow(/`admin\(\{ adminRoles: \['owner'\] \}\)` is listed only under a condition, and kit-auth needs it always/)
    // a memo typed with the erased alias: no annotation removed (that would make the alias circular)
    const memo = adopt(
      `${imports}type Auth = ReturnType<typeof betterAuth>\nlet cached: Auth | undefined\n` +
        'export function getAuth(): Auth {\n  if (cached) return cached\n  cached = betterAuth({})\n  return cached\n}\n',
    )
    expect(memo.text).toContain('type Auth = ReturnType<typeof betterAuth>\n')
    expect(memo.text).toContain('export function getAuth(): Auth {')
    // a local options function shadows the module's: the module's is not what the instance uses
    expect(() =>
      adopt(
        `${imports}function options() {\n  return { plugins: [] }\n}\n` +
          'export function createAuth() {\n  const options = () => ({ plugins: [tanstackStartCookies()] })\n' +
          '  return betterAuth(options())\n}\nvoid options\n',
      ),
    ).toThrow(/not an object literal kit-auth can read/)
  })

  it('moves a cookies plugin held in a const last instead of adding a second one', () => {
    const text = adopt(
      "import { betterAuth, type BetterAuthPlugin } from 'better-auth'\n" +
        "import { tanstackStartCookies } from 'better-auth/tanstack-start'\n" +
        'export function getAuth() {\n' +
        '  const cookies = tanstackStartCookies() as unknown as BetterAuthPlugin\n' +
        '  return betterAuth({ plugins: [cookies] })\n}\n',
    ).text
    expect(text).toMatch(/plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*cookies,?\s*\]/)
    expect(text.match(/tanstackStartCookies\(\)/g)).toHaveLength(1)
  })

  it('moves an explicit options type onto the options, where it hides nothing from `typeof auth`', () => {
    const imports = "import { betterAuth, type BetterAuthOptions } from 'better-auth'\n"
    const explicit = adopt(`${imports}export const auth = betterAuth<BetterAuthOptions>({})\n`)
    expect(explicit.text).toMatch(/= betterAuth\(\{[^]*\} satisfies BetterAuthOptions\)\n$/)
    expect(explicit.changes).toContain('type argument <BetterAuthOptions>')
    // options that satisfy it already only lose the argument; a built value is parenthesized
    const both = adopt(`${imports}export const auth = betterAuth<BetterAuthOptions>({} satisfies BetterAuthOptions)\n`)
    expect(both.text.match(/BetterAuthOptions/g)).toHaveLength(2)
    expect(both.text).toMatch(/= betterAuth\(\{/)
    const spread = adopt(
      `${imports}const base = {}\nexport const auth = betterAuth<BetterAuthOptions>(base as never)\n`,
    )
    expect(spread.text).toMatch(/betterAuth\(\(base as never\) satisfies BetterAuthOptions\)/)
    // nothing to move: no type argument, or a `typeof` one
    expect(adopt(`${imports}export const auth = betterAuth({})\n`).changes).not.toContain('type argument')
    const typeOf = adopt(`${imports}const options = {}\nexport const auth = betterAuth<typeof options>(options)\n`)
    expect(typeOf.text).toMatch(/betterAuth<typeof options>\(options\)/)
    expect(typeOf.changes.some((change) => change.startsWith('type argument'))).toBe(false)
  })

  it('refuses plugins it cannot read, naming the file', () => {
    const input =
      "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ plugins: getPlugins() })\n"
    expect(() => adopt(input)).toThrow(/src\/auth\.ts: its `plugins` are not an array literal/)
    const spread = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ ...base })\n"
    expect(() => adopt(spread)).toThrow(/spread/)
  })

  it('refuses options it cannot read and an instance it cannot export, saying to run init again', () => {
    const imported = "import { betterAuth } from 'better-auth'\nimport { options } from './options'\n"
    expect(() => adopt(`${imported}export const auth = betterAuth(options)\n`)).toThrow(
      expect.objectContaining({
        message:
          'src/auth.ts: its options are not an object literal kit-auth can read, ' +
          'so kit-auth cannot adopt this Better Auth instance.',
        hint:
          'Pass the options inline (`betterAuth({ ... })`) or as a `const` object in the same file, ' +
          'then run kit-auth init again.',
      }),
    )
    expect(() => adopt('export const auth = createAuth({})\n')).toThrow(
      /src\/auth\.ts: no betterAuth\(\.\.\.\) call found/,
    )
    const factory = "import { betterAuth } from 'better-auth'\nexport function make() {\n  return betterAuth({})\n}\n"
    expect(() => adopt(factory, { exportInstance: true })).toThrow(/not a module-level `const`/)
    expect(() => adopt('export const auth = betterAuth({\n')).toThrow(/src\/auth\.ts:2:1 does not parse/)
  })

  it('honours --no-admin / --no-organization / --no-api-tokens', () => {
    const input = readFileSync(path.join(CASES, 'default-export', 'input.ts'), 'utf8')
    const { text } = adopt(input, { plugins: { admin: false, organization: true, apiTokens: false } })
    expect(pluginsOf(text)).toEqual(['organization', 'tanstackStartCookies'])
    expect(text).not.toContain('api-tokens')
  })

  it('reads what init plans around', () => {
    const read = (name: string) =>
      inspectAuthInstance(readFileSync(path.join(CASES, name, 'input.ts'), 'utf8'), 'auth.ts')
    expect(read('own-database')).toEqual({
      localName: 'auth',
      hasDatabase: true,
      adapter: 'drizzle',
      emailAndPassword: false,
      passwordless: false,
      magicLink: false,
      emailOtp: false,
      passwordSpread: null,
      signUpFields: [],
      cookieCache: false,
      stateless: false,
    })
    expect(read('plugins-missing')).toEqual({
      localName: 'auth',
      hasDatabase: false,
      adapter: null,
      emailAndPassword: true,
      passwordless: false,
      magicLink: false,
      emailOtp: false,
      passwordSpread: null,
      signUpFields: [],
      cookieCache: false,
      stateless: false,
    })
    expect(read('default-export').localName).toBeNull()
    expect(read('not-exported').localName).toBe('auth')
  })
})
