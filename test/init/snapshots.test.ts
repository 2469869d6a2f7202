/**
 * `kit-auth init --yes --no-install` on a copy of every fixture: each file it creates or
 * updates is snapshotted (test/init/__snapshots__/<fixture>/<path>.snap) AND checked for the
 * properties that matter: it parses, its local imports resolve, it is in the app's style, it
 * uses the API of the app's Start version, existing code survives, package.json / env /
 * .gitignore get exactly what they need.
 */
import { existsSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { ts } from 'ts-morph'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snapshotTree } from '../helpers/tree.js'
import {
  appDirOf,
  changedFiles,
  copyFixture,
  expectedCreated,
  init,
  parseDocument,
  type InitDocument,
} from './support.js'

interface FixtureCase {
  name: string
  /** The app inside the fixture ('' = the fixture root). */
  app: string
  src: string
  routes: string
  /** Alias prefix -> folder (relative to the app) that generated imports may use. */
  aliases: Record<string, string>
  /** The alias generated code must use for src/ files (null: relative imports). */
  preferredAlias: string | null
  quote: '"' | "'"
  semicolons: boolean
  /** 1.160-era Start: `.inputValidator`, no createCsrfMiddleware. */
  older: boolean
  /** A start.ts the app already has (merged, not created). */
  existingStart: string | null
  /** The app's own middleware in that start.ts. */
  ownMiddleware?: string
}

const FIXTURES: FixtureCase[] = [
  {
    name: 'default-npm',
    app: '',
    src: 'src',
    routes: 'src/routes',
    aliases: { '#/': 'src' },
    preferredAlias: '#/',
    quote: "'",
    semicolons: false,
    older: false,
    existingStart: null,
  },
  {
    name: 'blank-tilde',
    app: '',
    src: 'src',
    routes: 'src/routes',
    aliases: { '~/': 'src' },
    preferredAlias: '~/',
    quote: "'",
    semicolons: false,
    older: false,
    existingStart: null,
  },
  {
    name: 'custom-dirs-at',
    app: '',
    src: 'app',
    routes: 'app/pages',
    aliases: { '@/': 'app' },
    preferredAlias: '@/',
    quote: '"',
    semicolons: true,
    older: false,
    existingStart: 'app/start.ts',
    ownMiddleware: 'loggingMiddleware',
  },
  {
    name: 'no-alias',
    app: '',
    src: 'src',
    routes: 'src/routes',
    aliases: {},
    preferredAlias: null,
    quote: "'",
    semicolons: false,
    older: false,
    existingStart: 'src/start.ts',
    ownMiddleware: 'timingMiddleware',
  },
  {
    name: 'older-start',
    app: '',
    src: 'src',
    routes: 'src/routes',
    aliases: { '#/': 'src' },
    preferredAlias: '#/',
    quote: "'",
    semicolons: false,
    older: true,
    existingStart: null,
  },
  {
    name: 'pnpm-monorepo',
    app: 'apps/web',
    src: 'src',
    routes: 'src/routes',
    aliases: { '#/': 'src' },
    preferredAlias: '#/',
    quote: "'",
    semicolons: false,
    older: false,
    existingStart: null,
  },
]

/** Prefixes that look like an app alias; a generated import may use only its fixture's. */
const ALIAS_LOOKING = ['#/', '~/', '@/']

const ADDED_MIDDLEWARE = ['securityHeadersMiddleware', 'csrfMiddleware']

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

describe.each(FIXTURES)('init on $name', (fixture) => {
  let root: string
  let appDir: string
  let before: Record<string, string>
  let after: Record<string, string>
  let document: InitDocument
  /** App-relative paths of every file the run created or updated. */
  let written: string[]
  const inApp = (file: string) => path.posix.normalize(fixture.app ? `${fixture.app}/${file}` : file)
  const code = () => written.filter((file) => /\.tsx?$/.test(file))

  beforeAll(() => {
    root = copyFixture(fixture.name)
    copies.push(root)
    appDir = appDirOf(fixture.name, root)
    before = snapshotTree(root)
    const result = init(appDir, ['--yes', '--no-install', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    document = parseDocument(result.stdout)
    after = snapshotTree(root)
    written = document.changes
      .filter((change) => change.action === 'create' || change.action === 'update')
      .map((change) => change.path)
  })

  it('plans exactly the expected files, and writes exactly those', () => {
    expect(document.ok).toBe(true)
    const startFile = fixture.existingStart ?? `${fixture.src}/start.ts`
    const expected = [
      ...expectedCreated(fixture.src, fixture.routes).map((file) => ({ path: file, action: 'create' })),
      { path: startFile, action: fixture.existingStart ? 'update' : 'create' },
      { path: 'package.json', action: 'update' },
      { path: '.gitignore', action: 'update' },
      // pnpm 10 builds better-sqlite3's addon only when the workspace allows it
      ...(fixture.name === 'pnpm-monorepo' ? [{ path: '../../pnpm-workspace.yaml', action: 'update' }] : []),
      // its root resolves zod 3: the server build must bundle better-auth's zod 4 (ssr.noExternal)
      ...(fixture.name === 'older-start' ? [{ path: 'vite.config.ts', action: 'update' }] : []),
    ]
    const sortByPath = (list: { path: string; action: string }[]) =>
      [...list].sort((a, b) => a.path.localeCompare(b.path))
    expect(sortByPath(document.changes)).toEqual(sortByPath(expected))
    // The disk agrees with the report: nothing else was touched (root manifests of the workspace included).
    expect(changedFiles(before, after)).toEqual(written.map(inApp).sort())
  })

  it('matches the reviewed snapshots', async () => {
    for (const file of written) {
      const content = after[inApp(file)]!
      const shown = file === '.env.local' ? content.replace(/^(BETTER_AUTH_SECRET=).*$/m, '$1<random 64 hex>') : content
      await expect(shown, file).toMatchFileSnapshot(`./__snapshots__/${fixture.name}/${inApp(file)}.snap`)
    }
  })

  it('writes TypeScript with no syntax errors', () => {
    expect(code().length).toBeGreaterThanOrEqual(17)
    for (const file of code()) {
      const { diagnostics = [] } = ts.transpileModule(after[inApp(file)]!, {
        fileName: file,
        reportDiagnostics: true,
        compilerOptions: { jsx: ts.JsxEmit.ReactJSX, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      })
      expect(
        diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
        file,
      ).toEqual([])
    }
  })

  it(`resolves every local import (${fixture.preferredAlias ?? 'relative'}) to an existing file`, () => {
    let local = 0
    for (const file of code()) {
      for (const specifier of importsOf(parse(file, after[inApp(file)]!))) {
        const alias = Object.keys(fixture.aliases).find((prefix) => specifier.startsWith(prefix))
        const foreignAlias = ALIAS_LOOKING.find(
          (prefix) => specifier.startsWith(prefix) && !(prefix in fixture.aliases),
        )
        expect(foreignAlias, `${file} imports ${specifier}: not an alias of this app`).toBeUndefined()
        if (!alias && !specifier.startsWith('.')) continue
        local++
        const base = alias
          ? path.join(appDir, fixture.aliases[alias]!, specifier.slice(alias.length))
          : path.resolve(path.dirname(path.join(appDir, file)), specifier)
        expect(resolvesToFile(base), `${file} imports ${specifier}`).toBe(true)
      }
    }
    expect(local).toBeGreaterThan(20)
  })

  it('imports src/ modules from routes and start.ts the way the app does', () => {
    const startFile = fixture.existingStart ?? `${fixture.src}/start.ts`
    const fromRoute = importsOf(parse('x.tsx', after[inApp(`${fixture.routes}/sign-in.tsx`)]!))
    const fromStart = importsOf(parse('x.ts', after[inApp(startFile)]!))
    if (fixture.preferredAlias) {
      expect(fromRoute).toContain(`${fixture.preferredAlias}lib/auth/auth-client`)
      expect(fromRoute).toContain(`${fixture.preferredAlias}lib/auth/guards`)
      expect(fromStart).toContain(`${fixture.preferredAlias}lib/auth/request-middleware`)
    } else {
      expect(fromRoute).toContain('../lib/auth/auth-client')
      expect(fromRoute).toContain('../lib/auth/guards')
      expect(fromStart).toContain('./lib/auth/request-middleware')
    }
  })

  it(`follows the app's style: ${fixture.quote === '"' ? 'double quotes' : 'single quotes'}, ${fixture.semicolons ? 'semicolons' : 'no semicolons'}`, () => {
    for (const file of code()) {
      expect(styleProblems(parse(file, after[inApp(file)]!), fixture.quote, fixture.semicolons), file).toEqual([])
    }
  })

  it(`uses the ${fixture.older ? '1.160-era' : 'current'} server function API`, () => {
    const all = code()
      .map((file) => after[inApp(file)]!)
      .join('\n')
    const imported = code().flatMap((file) => importedNamesOf(parse(file, after[inApp(file)]!)))
    if (fixture.older) {
      expect(all).toContain('.inputValidator(')
      expect(all).not.toContain('.validator(')
      // (a comment may say it is missing; no import, no call)
      expect(imported).not.toContain('createCsrfMiddleware')
      expect(all).not.toContain('createCsrfMiddleware(')
      // where Start serves server functions: its own build-time value, else the vite config's (default here)
      expect(all).toContain("const SERVER_FN_BASE = process.env.TSS_SERVER_FN_BASE || '/_serverFn/'")
      expect(all).toContain('pathname.startsWith(SERVER_FN_BASE)')
    } else {
      expect(all).toContain('.validator(')
      expect(all).not.toContain('.inputValidator(')
      expect(imported).toContain('createCsrfMiddleware')
      expect(all).toContain('createCsrfMiddleware(')
    }
  })

  if (fixture.existingStart) {
    const startFile = fixture.existingStart
    it(`merges into the existing ${startFile}, keeping all of its code`, () => {
      const original = before[inApp(startFile)]!
      const merged = after[inApp(startFile)]!
      const mergedLines = merged.split('\n')
      // Every original line survives verbatim and in order, except the requestMiddleware
      // list, which must read the same once the two added entries are taken out.
      let cursor = 0
      for (const line of original.split('\n')) {
        const found = mergedLines.findIndex(
          (candidate, index) => index >= cursor && (candidate === line || withoutAdded(candidate) === line),
        )
        expect(found, `original line missing or out of order: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0)
        cursor = found + 1
      }
      const list = requestMiddlewareOf(merged)
      expect(list).toContain(fixture.ownMiddleware)
      for (const name of ADDED_MIDDLEWARE) expect(list).toContain(name)
      expect(list.filter((name) => ADDED_MIDDLEWARE.includes(name))).toHaveLength(2)
      // One import brings both in, once.
      expect(merged.match(/securityHeadersMiddleware/g)).toHaveLength(2)
      expect(merged.match(/\bcsrfMiddleware\b/g)).toHaveLength(2)
    })
  } else {
    it('creates start.ts listing both request middleware', () => {
      const created = after[inApp(`${fixture.src}/start.ts`)]!
      expect(created).toContain('export const startInstance = createStart(')
      expect(requestMiddlewareOf(created)).toEqual(ADDED_MIDDLEWARE)
    })
  }

  it('adds better-auth, better-sqlite3, @types/better-sqlite3 and the email transports to package.json, and nothing else', () => {
    const was = JSON.parse(before[inApp('package.json')]!) as Record<string, Record<string, string>>
    const now = JSON.parse(after[inApp('package.json')]!) as Record<string, Record<string, string>>
    const range = expect.stringMatching(/^\^\d+\.\d+\.\d+$/)
    expect(now.dependencies).toEqual({
      ...was.dependencies,
      'better-auth': range,
      'better-sqlite3': range,
      nodemailer: range,
      resend: range,
    })
    expect(now.devDependencies).toEqual({ ...was.devDependencies, '@types/better-sqlite3': range })
    const rest = (json: Record<string, unknown>) => ({ ...json, dependencies: undefined, devDependencies: undefined })
    // npm 12 runs no dependency install script unless the root package.json allows it (pnpm's
    // allowance lives in pnpm-workspace.yaml): better-sqlite3 must compile its addon.
    const npm = fixture.name !== 'pnpm-monorepo'
    expect(rest(now)).toEqual({ ...rest(was), ...(npm ? { allowScripts: { 'better-sqlite3': true } } : {}) })
    // Key order of everything else is kept (the allowance comes last); sorted sections stay sorted.
    expect(Object.keys(now)).toEqual([...Object.keys(was), ...(npm ? ['allowScripts'] : [])])
    for (const section of ['dependencies', 'devDependencies']) {
      const keys = Object.keys(now[section]!)
      expect(keys, section).toEqual([...keys].sort())
    }
    // Indentation and the final newline (or its absence) are kept.
    const text = after[inApp('package.json')]!
    expect(text).toBe(JSON.stringify(now, null, 2) + (before[inApp('package.json')]!.endsWith('\n') ? '\n' : ''))
  })

  it('writes .env.local with a fresh secret and the dev URL, ignored by git with /data/', () => {
    const env = after[inApp('.env.local')]!
    expect(before[inApp('.env.local')]).toBeUndefined()
    expect(env).toMatch(/^BETTER_AUTH_SECRET=[0-9a-f]{64}$/m)
    expect(env).toMatch(/^BETTER_AUTH_URL=http:\/\/localhost:3000$/m)
    expect(env.endsWith('\n')).toBe(true)
    // The secret is never printed.
    expect(JSON.stringify(document)).not.toContain(/^BETTER_AUTH_SECRET=(.*)$/m.exec(env)![1])

    const wasIgnore = before[inApp('.gitignore')]!
    const gitignore = after[inApp('.gitignore')]!
    expect(gitignore.startsWith(wasIgnore)).toBe(true)
    const lines = gitignore.split('\n').map((line) => line.trim())
    expect(lines.some((line) => ['.env.local', '/.env.local', '*.local', '.env*'].includes(line))).toBe(true)
    expect(lines.some((line) => ['/data/', 'data/', '/data', 'data'].includes(line))).toBe(true)
    expect(lines.filter((line) => line === '/data/')).toHaveLength(1)
  })
})

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
}

/** Module specifiers of every import / export-from declaration. */
function importsOf(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  )
}

/** Every name bound by an import declaration. */
function importedNamesOf(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) => {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined
    return bindings && ts.isNamedImports(bindings)
      ? bindings.elements.map((element) => (element.propertyName ?? element.name).text)
      : []
  })
}

function resolvesToFile(base: string): boolean {
  return ['', '.ts', '.tsx', '/index.ts'].some(
    (suffix) => existsSync(base + suffix) && statSync(base + suffix).isFile(),
  )
}

/** String literals in the wrong quote, and statements with (or without) the wrong semicolon. */
function styleProblems(source: ts.SourceFile, quote: '"' | "'", semicolons: boolean): string[] {
  const problems: string[] = []
  const other = quote === '"' ? "'" : '"'
  const terminated = new Set([
    ts.SyntaxKind.ImportDeclaration,
    ts.SyntaxKind.ExportDeclaration,
    ts.SyntaxKind.VariableStatement,
    ts.SyntaxKind.ExpressionStatement,
    ts.SyntaxKind.ReturnStatement,
    ts.SyntaxKind.ThrowStatement,
    ts.SyntaxKind.TypeAliasDeclaration,
  ])
  const visit = (node: ts.Node) => {
    const text = node.getText(source)
    const where = () =>
      `${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${text.split('\n')[0]}`
    // JSX attributes always use double quotes (Prettier's jsxSingleQuote: false).
    if (ts.isStringLiteral(node) && !ts.isJsxAttribute(node.parent)) {
      const needsOther = node.text.includes(quote) && !node.text.includes(other)
      if (text[0] !== (needsOther ? other : quote)) problems.push(`quote ${where()}`)
    }
    if (terminated.has(node.kind) && text.endsWith(';') !== semicolons) problems.push(`semicolon ${where()}`)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return problems
}

/** The names in `requestMiddleware: [...]`. */
function requestMiddlewareOf(text: string): string[] {
  const list = /requestMiddleware:\s*\[([^\]]*)\]/.exec(text)?.[1] ?? ''
  return list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
}

/** A merged requestMiddleware line with the entries kit-auth added taken out. */
function withoutAdded(line: string): string {
  return line.replace(/(requestMiddleware:\s*\[)([^\]]*)\]/, (_all, head: string, list: string) => {
    const kept = list
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name && !ADDED_MIDDLEWARE.includes(name))
    return `${head}${kept.join(', ')}]`
  })
}
