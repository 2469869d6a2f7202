import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { type ProtectOptions, protectRoute } from '../../../src/codemods/route/protect-route.js'
import { unprotectRoute } from '../../../src/codemods/route/unprotect-route.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases, isSubsequence } from '../harness.js'

const CASES = fileURLToPath(new URL('./protect-route/', import.meta.url))
const DEFAULT_STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const KIT_GUARDS = ['requireAuth', 'requireAdminAuth', 'requireEditorAuth', 'redirectIfAuthenticated']
const FILE = 'src/routes/page.tsx'

function options(extra: Partial<ProtectOptions> = {}): ProtectOptions {
  return {
    guard: 'requireAuth',
    from: '#/lib/auth/guards',
    isGuardsModule: (specifier) =>
      specifier === '#/lib/auth/guards' || /^(\.\.\/)+lib\/auth\/guards(\.ts)?$/.test(specifier),
    kitGuards: KIT_GUARDS,
    style: DEFAULT_STYLE,
    ...extra,
  }
}

/** protect through the runner, as the commands run it: the text and what protect reports. */
function protect(text: string, fileName: string, opts: ProtectOptions) {
  const result = runTransform(text, fileName, protectRoute, opts)
  return { text: result.text, notes: result.notes, ...result.data! }
}

function unprotect(text: string, fileName: string, opts: ProtectOptions) {
  const result = runTransform(text, fileName, unprotectRoute, opts)
  return { text: result.text, ...result.data! }
}

export function syntaxErrors(text: string, fileName = 'page.tsx'): string[] {
  const diagnostics =
    ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve } })
      .diagnostics ?? []
  return diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '))
}

/**
 * The text with its editable regions (the import block, the route options: the second call's
 * arguments and a `const` they name) cut out: protect may change those and nothing else.
 */
export function outsideEditableSpans(text: string, fileName = FILE): string {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const spans: Array<[number, number]> = []
  const lastImport = sourceFile.statements.filter(ts.isImportDeclaration).at(-1)
  const firstCode = sourceFile.statements.find(
    (statement) => !(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)),
  )
  const importEnd = lastImport
    ? lastImport.end + (/^\s*/.exec(text.slice(lastImport.end))?.[0].length ?? 0)
    : (firstCode?.getStart(sourceFile) ?? 0)
  spans.push([0, importEnd])
  const named = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isCallExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'createFileRoute'
    ) {
      spans.push([node.expression.end, node.end])
      const [argument] = node.arguments
      if (argument && ts.isIdentifier(argument)) named.add(argument.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && named.has(declaration.name.text) && declaration.initializer)
        spans.push([declaration.initializer.pos, declaration.initializer.end])
    }
  }
  spans.sort((a, b) => a[0] - b[0])
  let result = ''
  let cursor = 0
  for (const [start, end] of spans) {
    if (start < cursor) continue
    result += `${text.slice(cursor, start)}\u0000`
    cursor = end
  }
  return result + text.slice(cursor)
}

/** A case's `options.json`: protect's options, and whether unprotect undoes the case. */
interface CaseOptions extends ProtectOptions {
  /** unprotect(output) gives the input back (false where protect had nothing to add, or replaced a guard). */
  roundTrip: boolean
}

describeCases('protectRoute cases', {
  dir: CASES,
  fileName: FILE,
  transform: protectRoute,
  options: (json): CaseOptions => ({
    ...options({
      guard: (json.guard as string | undefined) ?? 'requireAuth',
      force: (json.force as boolean | undefined) ?? false,
      style: (json.style as CodeStyle | undefined) ?? DEFAULT_STYLE,
    }),
    roundTrip: json.roundTrip !== false,
  }),
  run: { rerun: 'run kit-auth protect again' },
  // --force replaces the guard the route had; every other case only adds
  keeps: (_name, opts) => (opts.force ? 'local' : 'every-byte'),
  check(output, { input, options: opts }) {
    // no grammar errors either (the harness checks the parse)
    expect(syntaxErrors(output)).toEqual([])
    // a second run says the route is guarded
    expect(protect(output, FILE, opts).status).toBe('already')
    // every byte outside the import block and the route options stays the same
    expect(outsideEditableSpans(output)).toBe(outsideEditableSpans(input))
    if (opts.roundTrip) {
      // unprotect gives the file back byte for byte
      const undone = unprotect(output, FILE, opts)
      expect(undone.status).not.toBe('none')
      expect(undone.text).toBe(input)
      expect(unprotect(undone.text, FILE, opts).status).toBe('none')
    }
    // the guard import appears once
    const guardImports = output.match(/from ['"](#\/lib\/auth\/guards|(\.\.\/)+lib\/auth\/guards)['"]/g) ?? []
    expect(guardImports.length).toBeLessThanOrEqual(1)
  },
})

describe('protectRoute case folders', () => {
  it('cover at least 25 shapes, CRLF ones among them', () => {
    const names = readdirSync(CASES).filter((name) => existsSync(path.join(CASES, name, 'input.tsx')))
    expect(names.length).toBeGreaterThanOrEqual(25)
    const crlf = names.filter((name) => readFileSync(path.join(CASES, name, 'input.tsx'), 'utf8').includes('\r\n'))
    expect(crlf.length).toBeGreaterThan(0)
  })
})

describe('protectRoute refusals', () => {
  const route = (body: string, extra = '') =>
    `import { createFileRoute } from '@tanstack/react-router'\n${extra}\nexport const Route = createFileRoute('/x')(${body})\n`

  it('refuses a server-only route with the reason', () => {
    expect(() => protect(route("{ server: { handlers: { GET: () => new Response('') } } }"), FILE, options())).toThrow(
      /server-only route.*beforeLoad never runs/,
    )
  })

  it('accepts server handlers when the lazy half has the component, with a note', () => {
    const result = protect(
      route("{ server: { handlers: { GET: () => new Response('') } } }"),
      FILE,
      options({ lazyComponent: true }),
    )
    expect(result.status).toBe('added')
    expect(result.notes.join()).toMatch(/server handlers/)
  })

  it('refuses createServerFileRoute, lazy and root route files', () => {
    expect(() =>
      protect("export const ServerRoute = createServerFileRoute('/api/x')().methods({})\n", FILE, options()),
    ).toThrow(/server-only/)
    expect(() =>
      protect("export const Route = createLazyFileRoute('/x')({ component: X })\n", FILE, options()),
    ).toThrow(/lazy route file/)
    expect(() => protect('export const Route = createRootRoute({ component: Root })\n', FILE, options())).toThrow(
      /root route/,
    )
    expect(() =>
      protect('export const Route = createRootRouteWithContext<{ a: 1 }>()({ component: Root })\n', FILE, options()),
    ).toThrow(/root route/)
  })

  it('refuses a file without a route call', () => {
    expect(() => protect('export const x = 1\n', FILE, options())).toThrow(/src\/routes\/page\.tsx: no createFileRoute/)
  })

  it('refuses options it cannot see', () => {
    expect(() => protect(route('makeOptions()'), FILE, options())).toThrow(/not an object kit-auth can see/)
    expect(() => protect(route('shared', "import { shared } from './shared'"), FILE, options())).toThrow(
      /not an object kit-auth can see/,
    )
    expect(() => protect(route('{ ...shared, component: X }'), FILE, options())).toThrow(/spread `\.\.\.shared`/)
    expect(() => protect(route('{ beforeLoad: () => ({}), ...shared }'), FILE, options())).toThrow(
      /spread `\.\.\.shared`/,
    )
  })

  it('composes with a spread when beforeLoad is explicit', () => {
    const result = protect(route('{ ...shared, beforeLoad: () => ({ a: 1 }) }'), FILE, options())
    expect(result.status).toBe('composed')
  })

  it('explains another kit-auth guard and replaces it only with force', () => {
    const input = route('{ beforeLoad: requireAdminAuth }', "import { requireAdminAuth } from '#/lib/auth/guards'")
    expect(() => protect(input, FILE, options())).toThrow(
      /already guarded by requireAdminAuth.*--force|already guarded by requireAdminAuth/,
    )
    const forced = protect(input, FILE, options({ force: true }))
    expect(forced.status).toBe('replaced')
    expect(forced.previous).toBe('requireAdminAuth')
    expect(forced.text).toContain("import { requireAuth } from '#/lib/auth/guards'")
    expect(forced.text).not.toContain('requireAdminAuth')
  })

  it('replaces the guard inside a composition with force, keeping the user code', () => {
    const input = route(
      '{ beforeLoad: async (ctx) => ({ ...(await requireAdminAuth(ctx)), ...((await (() => ({ a: 1 }))()) ?? {}) }) }',
      "import { requireAdminAuth } from '#/lib/auth/guards'",
    )
    const forced = protect(input, FILE, options({ force: true }))
    expect(forced.text).toContain('...(await requireAuth(ctx)), ...((await (() => ({ a: 1 }))()) ?? {})')
    expect(forced.text).not.toContain('requireAdminAuth')
  })

  it('refuses to guard a sign-in page', () => {
    const input = route(
      '{ beforeLoad: redirectIfAuthenticated }',
      "import { redirectIfAuthenticated } from '#/lib/auth/guards'",
    )
    expect(() => protect(input, FILE, options({ force: true }))).toThrow(/sign-in or sign-up page/)
  })

  it('refuses a clashing local name', () => {
    const input = route('{ component: X }', "import { requireAuth } from '#/lib/other-auth'")
    expect(() => protect(input, FILE, options())).toThrow(
      /already has its own `requireAuth` \(imported from #\/lib\/other-auth\)/,
    )
    const declared = route('{ component: X }', 'function requireAuth() {}')
    expect(() => protect(declared, FILE, options())).toThrow(/declared in the file/)
  })

  it('refuses accessors and generator methods', () => {
    expect(() => protect(route('{ get beforeLoad() { return () => 1 } }'), FILE, options())).toThrow(/accessor/)
    expect(() => protect(route('{ *beforeLoad() {} }'), FILE, options())).toThrow(/generator/)
  })
})

describe('files that do not parse', () => {
  const broken =
    "import { createFileRoute } from '@tanstack/react-router'\nimport { requireAuth } from '#/lib/auth/guards'\n\n" +
    "export const Route = createFileRoute('/x')({\n  beforeLoad: requireAuth,\n  loader: () => {,\n})\n"

  it('are refused by protect and unprotect with file:line:column, not edited', () => {
    expect(() => protect(broken, FILE, options({ guard: 'requireAdminAuth', force: true }))).toThrow(
      /^src\/routes\/page\.tsx:6:\d+ does not parse: /,
    )
    expect(() => unprotect(broken, FILE, options())).toThrow(/^src\/routes\/page\.tsx:6:\d+ does not parse: /)
  })
})

describe('unprotectRoute', () => {
  const base = "import { createFileRoute } from '@tanstack/react-router'\n"

  it('leaves a beforeLoad kit-auth did not write', () => {
    const input = `${base}export const Route = createFileRoute('/x')({ beforeLoad: () => ({}) })\n`
    expect(unprotect(input, FILE, options())).toMatchObject({ status: 'none', text: input })
  })

  it('leaves redirectIfAuthenticated on sign-in pages', () => {
    const input = `${base}import { redirectIfAuthenticated } from '#/lib/auth/guards'\nexport const Route = createFileRoute('/sign-in')({ beforeLoad: redirectIfAuthenticated })\n`
    expect(unprotect(input, FILE, options()).status).toBe('none')
  })

  it('removes a guard init wrote (not by protect) and its import', () => {
    const input = `${base}import { requireAuth } from '#/lib/auth/guards'\n\nexport const Route = createFileRoute('/_authenticated')({\n  beforeLoad: requireAuth,\n  component: Outlet,\n})\n`
    const result = unprotect(input, FILE, options())
    expect(result).toMatchObject({ status: 'removed', guard: 'requireAuth' })
    expect(result.text).toBe(
      `${base}\nexport const Route = createFileRoute('/_authenticated')({\n  component: Outlet,\n})\n`,
    )
  })

  it('keeps the import when something else still uses the guard', () => {
    const input = `${base}import { requireAuth } from '#/lib/auth/guards'\nexport const Route = createFileRoute('/x')({ beforeLoad: requireAuth, loader: (c) => requireAuth(c) })\n`
    const result = unprotect(input, FILE, options())
    expect(result.text).toContain("import { requireAuth } from '#/lib/auth/guards'")
    expect(result.text).toContain('({ loader: (c) => requireAuth(c) })')
  })
})

describe('protectRoute on generated route files (property-based)', () => {
  interface Style {
    quote: string
    semi: string
    indent: string
    eol: string
  }
  const styleArb = fc.record({
    quote: fc.constantFrom("'", '"'),
    semi: fc.constantFrom('', ';'),
    indent: fc.constantFrom('  ', '    ', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
  })

  const surrounding = (s: Style) =>
    fc.constantFrom(
      `// a comment${s.eol}`,
      `/* a block${s.eol} * comment */${s.eol}`,
      `const answer = 42${s.semi}${s.eol}`,
      `type Props = { id: string }${s.semi}${s.eol}`,
      `function Helper() {${s.eol}${s.indent}return <div className=${s.quote}x${s.quote}>{'{'}</div>${s.semi}${s.eol}}${s.eol}`,
      `export function util(a: number) {${s.eol}${s.indent}return a * 2${s.semi}${s.eol}}${s.eol}`,
      s.eol,
    )

  const importLine = (s: Style) =>
    fc.constantFrom(
      `import { helper } from ${s.quote}./helper${s.quote}${s.semi}${s.eol}`,
      `import type { Thing } from ${s.quote}#/types${s.quote}${s.semi}${s.eol}`,
      `import * as React from ${s.quote}react${s.quote}${s.semi}${s.eol}`,
    )

  const property = (s: Style) =>
    fc.constantFrom(
      'component: Page',
      'loader: () => null',
      'validateSearch: (search: Record<string, unknown>) => search',
      'head: () => ({ meta: [] })',
      'staleTime: 1_000',
      'context: () => ({ a: 1 })',
      `pendingComponent: () => <p>{${s.quote}...${s.quote}}</p>`,
      '// a comment inside',
      '/* block */ errorComponent: ErrorView',
    )

  const beforeLoadArb = (s: Style) =>
    fc.constantFrom(
      null,
      null,
      `beforeLoad: ({ context }) => {${s.eol}${s.indent}${s.indent}if (!context) throw new Error(${s.quote}x${s.quote})${s.semi}${s.eol}${s.indent}}`,
      'beforeLoad: () => ({ title: 1 })',
      `beforeLoad: async ({ params }) => ({ id: params })`,
      `beforeLoad({ location }) {${s.eol}${s.indent}${s.indent}return { href: location.href }${s.semi}${s.eol}${s.indent}}`,
      `async beforeLoad() {${s.eol}${s.indent}${s.indent}await Promise.resolve()${s.semi}${s.eol}${s.indent}}`,
      'beforeLoad: checkAccess',
      `beforeLoad: withFeature(${s.quote}beta${s.quote})`,
      'beforeLoad: async function (ctx) { return { ctx } }',
    )

  const fileArb = styleArb.chain((s) =>
    fc.record({
      s: fc.constant(s),
      before: fc.array(surrounding(s), { maxLength: 4 }),
      imports: fc.array(importLine(s), { maxLength: 3 }),
      after: fc.array(surrounding(s), { maxLength: 4 }),
      properties: fc.array(property(s), { maxLength: 5 }),
      beforeLoad: beforeLoadArb(s),
      position: fc.nat(),
      multiline: fc.boolean(),
      trailingComma: fc.boolean(),
      shape: fc.constantFrom('inline', 'split', 'satisfies', 'variable'),
    }),
  )

  interface GeneratedFile {
    s: Style
    before: string[]
    imports: string[]
    after: string[]
    properties: string[]
    beforeLoad: string | null
    position: number
    multiline: boolean
    trailingComma: boolean
    shape: string
  }

  function render(f: GeneratedFile): string {
    const { s } = f
    const members = [...f.properties]
    if (f.beforeLoad) members.splice(f.position % (members.length + 1), 0, f.beforeLoad)
    const isComment = (member: string) => member.startsWith('//')
    let body: string
    if (members.length === 0) body = '{}'
    else if (f.multiline) {
      const lines = members.map((member, index) => {
        const last = members.slice(index + 1).every(isComment)
        return `${s.indent}${member}${isComment(member) || (last && !f.trailingComma) ? '' : ','}`
      })
      body = `{${s.eol}${lines.join(s.eol)}${s.eol}}`
    } else {
      const inline = members.filter((member) => !isComment(member))
      body = inline.length === 0 ? '{}' : `{ ${inline.join(', ')}${f.trailingComma ? ',' : ''} }`
    }
    const q = s.quote
    const head = `import { createFileRoute } from ${q}@tanstack/react-router${q}${s.semi}${s.eol}${f.imports.join('')}${f.before.join('')}`
    const helpers = `function checkAccess(ctx: unknown) {${s.eol}${s.indent}return { ctx }${s.semi}${s.eol}}${s.eol}declare function withFeature(name: string): () => void${s.semi}${s.eol}`
    let route: string
    if (f.shape === 'split')
      route = `export const Route = createFileRoute(${s.eol}${s.indent}${q}/x${q},${s.eol})(${s.eol}${s.indent}${body.split(s.eol).join(`${s.eol}${s.indent}`)},${s.eol})${s.semi}${s.eol}`
    else if (f.shape === 'satisfies')
      route = `export const Route = createFileRoute(${q}/x${q})(${body} satisfies object)${s.semi}${s.eol}`
    else if (f.shape === 'variable')
      route = `const options = ${body}${s.semi}${s.eol}${s.eol}export const Route = createFileRoute(${q}/x${q})(options)${s.semi}${s.eol}`
    else route = `export const Route = createFileRoute(${q}/x${q})(${body})${s.semi}${s.eol}`
    return `${head}${helpers}${s.eol}${route}${f.after.join('')}`
  }

  const opts = (s: Style) =>
    options({
      style: {
        quote: s.quote === "'" ? 'single' : 'double',
        semicolons: s.semi === ';',
        indent: s.indent,
      },
    })

  it('parses, is idempotent, touches only imports and options, and unprotect restores the bytes', () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const input = render(file)
        expect(syntaxErrors(input)).toEqual([])
        const result = protect(input, FILE, opts(file.s))
        expect(syntaxErrors(result.text)).toEqual([])
        expect(result.text).toContain('requireAuth')
        const again = protect(result.text, FILE, opts(file.s))
        expect(again.status).toBe('already')
        expect(again.text).toBe(result.text)
        expect(outsideEditableSpans(result.text)).toBe(outsideEditableSpans(input))
        expect(isSubsequence(input, result.text)).toBe(true)
        expect(unprotect(result.text, FILE, opts(file.s)).text).toBe(input)
      }),
      { numRuns: 400 },
    )
  })

  it('replacing a guard with --force and unprotecting leave a file that parses and has no stale import', () => {
    fc.assert(
      fc.property(fileArb, (file) => {
        const input = render(file)
        const admin = protect(input, FILE, { ...opts(file.s), guard: 'requireAdminAuth' })
        const swapped = protect(admin.text, FILE, { ...opts(file.s), force: true })
        expect(swapped.status).toBe('replaced')
        expect(syntaxErrors(swapped.text)).toEqual([])
        expect(swapped.text).not.toContain('requireAdminAuth')
        expect(unprotect(swapped.text, FILE, opts(file.s)).text).toBe(input)
      }),
      { numRuns: 200 },
    )
  })
})
