import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import {
  addRedirectSearch,
  adoptAuth,
  adoptAuthClient,
  findAuthClient,
  inspectAuthInstance,
  type AdoptAuthOptions,
} from '../../src/codemods/adopt-auth.js'
import type { CodeStyle } from '../../src/project/types.js'

const CASES = fileURLToPath(new URL('./adopt-auth/', import.meta.url))
const DEFAULT_STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const DEFAULT_OPTIONS: Omit<AdoptAuthOptions, 'style'> = {
  plugins: { admin: true, organization: true, apiTokens: true },
  apiTokensFrom: '#/lib/auth/api-tokens',
  database: { kind: 'sqlite', path: './data/auth.db' },
}

function isSubsequence(small: string, large: string): boolean {
  let index = 0
  for (const char of large) if (char === small[index]) index++
  return index === small.length
}

function syntaxErrors(text: string): string[] {
  const sourceFile = ts.createSourceFile('auth.ts', text, ts.ScriptTarget.Latest, true)
  const diagnostics = (sourceFile as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
}

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

describe('adoptAuth', () => {
  for (const name of readdirSync(CASES).sort()) {
    it(name, async () => {
      const dir = path.join(CASES, name)
      const input = readFileSync(path.join(dir, 'input.ts'), 'utf8')
      const json = (file: string) =>
        existsSync(path.join(dir, file)) ? (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object) : {}
      const style = { ...DEFAULT_STYLE, ...json('style.json') } as CodeStyle
      const options = { ...DEFAULT_OPTIONS, ...json('options.json'), style } as AdoptAuthOptions
      const { text: output, changes } = adoptAuth(input, 'src/lib/auth.ts', options)
      await expect(output).toMatchFileSnapshot(path.join(dir, 'output.ts'))
      expect(syntaxErrors(output)).toEqual([])
      // idempotent: a second run changes nothing and reports nothing
      expect(adoptAuth(output, 'src/lib/auth.ts', options)).toEqual({ text: output, changes: [], notes: [] })

      // nothing the user wrote is lost: the input is a subsequence of the output, except when the
      // cookies plugin had to move; then every line after the imports and outside the plugins
      // array survives in order, every import survives and every plugin they listed is still listed.
      const before = pluginsOf(input)
      const after = pluginsOf(output)
      const moved = changes.some((change) => change.endsWith('moved last'))
      if (moved) {
        expect(isLineSubsequence(linesOutsidePluginsAndImports(input), linesOutsidePluginsAndImports(output))).toBe(
          true,
        )
        expect(importedOf(output)).toEqual(expect.arrayContaining(importedOf(input)))
        expect(after).toEqual(expect.arrayContaining(before))
      } else {
        expect(isSubsequence(input, output)).toBe(true)
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
      expect(output).toMatch(/export (const \w+ = \w+\(|default )/)
    })
  }

  it('refuses plugins it cannot read, naming the file', () => {
    const input =
      "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ plugins: getPlugins() })\n"
    expect(() => adoptAuth(input, 'src/auth.ts', { ...DEFAULT_OPTIONS, style: DEFAULT_STYLE })).toThrow(
      /src\/auth\.ts: its `plugins` are not an array literal/,
    )
    const spread = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ ...base })\n"
    expect(() => adoptAuth(spread, 'src/auth.ts', { ...DEFAULT_OPTIONS, style: DEFAULT_STYLE })).toThrow(/spread/)
  })

  it('honours --no-admin / --no-organization / --no-api-tokens', () => {
    const input = readFileSync(path.join(CASES, 'default-export', 'input.ts'), 'utf8')
    const { text } = adoptAuth(input, 'src/auth.ts', {
      ...DEFAULT_OPTIONS,
      plugins: { admin: false, organization: true, apiTokens: false },
      style: DEFAULT_STYLE,
    })
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
    })
    expect(read('plugins-missing')).toEqual({
      localName: 'auth',
      hasDatabase: false,
      adapter: null,
      emailAndPassword: true,
    })
    expect(read('default-export').localName).toBeNull()
    expect(read('not-exported').localName).toBe('auth')
  })
})

describe('adoptAuthClient', () => {
  const options = {
    admin: true,
    organization: true,
    authType: { from: '#/lib/auth', clause: '{ auth }' },
    style: DEFAULT_STYLE,
  }

  it('gives createAuthClient() its options, imports the instance as a type only, and is idempotent', () => {
    const input =
      "import { createAuthClient } from 'better-auth/react'\n\nexport const authClient = createAuthClient()\n"
    const { text } = adoptAuthClient(input, 'src/lib/auth-client.ts', options)
    expect(text).toBe(
      [
        "import { createAuthClient } from 'better-auth/react'",
        'import {',
        '  inferAdditionalFields,',
        '  adminClient,',
        '  organizationClient,',
        "} from 'better-auth/client/plugins'",
        "import type { auth } from '#/lib/auth'",
        '',
        'export const authClient = createAuthClient({',
        '  plugins: [',
        '    inferAdditionalFields<typeof auth>(),',
        '    adminClient(),',
        '    organizationClient(),',
        '  ],',
        '})',
        '',
      ].join('\n'),
    )
    expect(adoptAuthClient(text, 'src/lib/auth-client.ts', options).text).toBe(text)
  })

  it('adds only the missing client plugins to an existing list', () => {
    const input =
      "import { createAuthClient } from 'better-auth/react'\nimport { adminClient } from 'better-auth/client/plugins'\n\nexport const client = createAuthClient({\n  baseURL: 'http://localhost:3000',\n  plugins: [adminClient()],\n})\n"
    const { text, changes } = adoptAuthClient(input, 'src/client.ts', {
      ...options,
      authType: { from: './auth', clause: '{ myAuth as auth }' },
    })
    expect(changes).toEqual(['inferAdditionalFields<typeof auth>()', 'organizationClient()'])
    // the one-line list no longer fits in 80 columns: one element a line, as Prettier prints it
    expect(text).toContain(
      '  plugins: [\n    adminClient(),\n    inferAdditionalFields<typeof auth>(),\n    organizationClient(),\n  ],\n',
    )
    expect(text).toContain(
      "import {\n  adminClient,\n  inferAdditionalFields,\n  organizationClient,\n} from 'better-auth/client/plugins'",
    )
    expect(text).toContain("import type { myAuth as auth } from './auth'")
    expect(syntaxErrors(text)).toEqual([])
  })

  it('finds a reusable client and says when it is not', () => {
    expect(
      findAuthClient(
        "import { createAuthClient } from 'better-auth/react'\nexport const authClient = createAuthClient()",
        'a.ts',
      ),
    ).toEqual({ exportName: 'authClient' })
    expect(
      findAuthClient("import { createAuthClient } from 'better-auth/react'\nexport default createAuthClient()", 'a.ts'),
    ).toEqual({ exportName: 'default' })
    expect(
      findAuthClient(
        "import { createAuthClient } from 'better-auth/react'\nexport const { signIn, useSession } = createAuthClient()",
        'a.ts',
      ),
    ).toEqual({ exportName: null })
    expect(findAuthClient('// createAuthClient() is not called here', 'a.ts')).toBeUndefined()
  })
})

describe('addRedirectSearch', () => {
  it('adds validateSearch as the first option, once', () => {
    const input =
      "import { createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/login')({\n  component: Login,\n})\n"
    const { text, status } = addRedirectSearch(input, 'src/routes/login.tsx', DEFAULT_STYLE)
    expect(status).toBe('added')
    expect(text).toBe(
      "import { createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/login')({\n  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({\n    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,\n  }),\n  component: Login,\n})\n",
    )
    expect(addRedirectSearch(text, 'src/routes/login.tsx', DEFAULT_STYLE)).toEqual({
      text,
      status: 'present',
      mentionsRedirect: true,
    })
  })

  it('spreads a one-line options object over lines', () => {
    const input = "export const Route = createFileRoute('/login')({ component: Login })\n"
    const { text } = addRedirectSearch(input, 'login.tsx', DEFAULT_STYLE)
    expect(text).toBe(
      "export const Route = createFileRoute('/login')({\n  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({\n    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,\n  }),\n  component: Login,\n})\n",
    )
    expect(syntaxErrors(text)).toEqual([])
  })

  it('leaves an existing validateSearch alone and says whether it mentions redirect', () => {
    const input =
      "export const Route = createFileRoute('/login')({\n  validateSearch: z.object({ next: z.string() }),\n})\n"
    expect(addRedirectSearch(input, 'login.tsx', DEFAULT_STYLE)).toEqual({
      text: input,
      status: 'present',
      mentionsRedirect: false,
    })
  })
})
