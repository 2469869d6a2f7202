import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from '../../../lib/typescript.js'
import { describe, expect, it } from 'vitest'
import { applyEdits } from '../../../src/codemods/js/edits.js'
import { importedNames } from '../../../src/codemods/js/bindings.js'
import { addNamedImports } from '../../../src/codemods/js/imports.js'
import { parse } from '../../../src/codemods/js/parse.js'
import {
  mergeRequestMiddleware,
  type MergeRequestMiddlewareOptions,
} from '../../../src/codemods/start/merge-request-middleware.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const CASES = fileURLToPath(new URL('./merge-request-middleware/', import.meta.url))
const FILE = 'src/start.ts'
const DEFAULT_STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const OURS = ['securityHeadersMiddleware', 'csrfMiddleware']

/** What `init` passes (src/plans/start-file.ts). */
function options(style: CodeStyle = DEFAULT_STYLE): MergeRequestMiddlewareOptions {
  return {
    from: '#/lib/auth/request-middleware',
    middleware: OURS,
    csrf: 'csrfMiddleware',
    style,
  }
}

const merge = (input: string, style?: CodeStyle) =>
  runTransform(input, FILE, mergeRequestMiddleware, options(style), { rerun: 'run kit-auth init again' })

/** The request middleware listed, read back from the output's AST. */
function listed(text: string): string[] {
  const names: string[] = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText() === 'requestMiddleware' &&
      ts.isArrayLiteralExpression(node.initializer)
    ) {
      names.push(...node.initializer.elements.map((element) => element.getText()))
    }
    ts.forEachChild(node, visit)
  }
  visit(parse(text, FILE))
  return names
}

const read = (name: string) => readFileSync(path.join(CASES, name, 'input.ts'), 'utf8')

describeCases('mergeRequestMiddleware cases', {
  dir: CASES,
  fileName: FILE,
  transform: mergeRequestMiddleware,
  options: (json) => options((json.style as CodeStyle | undefined) ?? DEFAULT_STYLE),
  run: { rerun: 'run kit-auth init again' },
  check(output) {
    // ours (imported from kit-auth's module, under an alias when the app has taken the name) come
    // first (after Sentry's, which must stay first), exactly once
    const names = listed(output)
    expect(names.length).toBeGreaterThan(0)
    const imported = importedNames(parse(output, FILE))
    const ours = names.filter((name) => OURS.includes(imported.get(name) ?? ''))
    expect(new Set(ours).size).toBe(ours.length)
    const sentry = names.filter((name) => /^(Sentry\.)?sentry/.test(name)).length
    expect(names.slice(0, sentry).every((name) => /sentry/i.test(name))).toBe(true)
    expect(names.slice(sentry, sentry + ours.length)).toEqual(ours)
    // the import appears once
    expect(output.split('request-middleware').length - 1).toBe(1)
  },
})

describe('mergeRequestMiddleware', () => {
  it('keeps the app’s own CSRF middleware instead of adding a second, and says so', () => {
    const result = merge(read('csrf-already-present'))
    expect(listed(result.text)).toEqual(['securityHeadersMiddleware', 'csrf'])
    expect(result.data).toEqual({
      skipped: ['csrfMiddleware'],
      csrf: [{ text: 'csrf', kind: 'createCsrfMiddleware', weakened: [] }],
    })
    expect(merge(read('block-body')).data).toEqual({ skipped: [], csrf: [] })
    // listed through consts and a spread, with no options at all (it then checks every request)
    const viaConsts = merge(read('csrf-in-const-list'))
    expect(viaConsts.data?.skipped).toEqual(['csrfMiddleware'])
    expect(listed(viaConsts.text)).toEqual(['securityHeadersMiddleware', '...middleware'])
  })

  it('recognises the app’s CSRF middleware only when requestMiddleware lists it, not by the text', () => {
    for (const name of ['csrf-commented-out', 'csrf-unused-constant']) {
      const result = merge(read(name))
      expect(result.data, name).toEqual({ skipped: [], csrf: [] })
      expect(listed(result.text), name).toEqual(['securityHeadersMiddleware', 'csrfMiddleware'])
    }
    const aliased = `import { createCsrfMiddleware as csrf } from '@tanstack/react-start'\n${read('one-line-arrow')}`
    expect(merge(aliased).data).toEqual({ skipped: [], csrf: [] })
    const listedAliased = aliased.replace('[loggingMiddleware]', '[csrf(), loggingMiddleware]')
    expect(listedAliased).not.toBe(aliased)
    expect(merge(listedAliased).data?.skipped).toEqual(['csrfMiddleware'])
  })

  it('adds its own next to a weakened one and says why it is weakened', () => {
    const allow = merge(read('csrf-allow-without-origin'))
    expect(listed(allow.text)).toEqual(['securityHeadersMiddleware', 'csrfMiddleware', 'csrf'])
    expect(allow.data?.csrf).toEqual([
      {
        text: 'csrf',
        kind: 'createCsrfMiddleware',
        weakened: [
          'allowRequestsWithoutOriginCheck: true lets requests with no Origin, Sec-Fetch-Site or Referer through',
        ],
      },
    ])
    const narrow = merge(read('csrf-narrow-filter'))
    expect(narrow.data?.skipped).toEqual([])
    expect(narrow.data?.csrf[0]?.weakened).toEqual([
      "its filter (({ pathname }) => pathname.startsWith('/_serverFn/admin')) does not check every server-function call",
    ])
    // the app's own `const csrfMiddleware`: kit-auth's comes in under another name
    const taken = merge(read('csrf-name-taken'))
    expect(listed(taken.text)).toEqual(['securityHeadersMiddleware', 'kitAuthCsrfMiddleware', 'csrfMiddleware'])
    expect(taken.text).toContain('csrfMiddleware as kitAuthCsrfMiddleware')
    expect(taken.data?.csrf[0]?.weakened).toEqual([
      "secFetchSite: ['same-origin', 'same-site'] accepts more than same-origin requests",
    ])
    const again = merge(taken.text)
    expect(again.changed).toBe(false)
    expect(again.data?.csrf.map((found) => found.kind)).toEqual(['kit-auth', 'createCsrfMiddleware'])
  })

  it('recognises kit-auth’s own csrfMiddleware (the hand-written one of Start < 1.168 too) under any import path', () => {
    const result = merge(read('kit-auth-csrf-relative'))
    expect(result.changed).toBe(false)
    expect(result.data?.csrf).toEqual([{ text: 'csrfMiddleware', kind: 'kit-auth', weakened: [] }])
  })

  it('leaves Sentry’s global middleware first, as Sentry requires', () => {
    expect(listed(merge(read('sentry-first')).text)).toEqual([
      'sentryGlobalRequestMiddleware',
      'securityHeadersMiddleware',
      'csrfMiddleware',
      'clerkMiddleware()',
    ])
    expect(listed(merge(read('sentry-only')).text)).toEqual([
      'Sentry.sentryGlobalRequestMiddleware',
      'securityHeadersMiddleware',
      'csrfMiddleware',
    ])
  })

  it('refuses a start file it cannot read safely, naming the file', () => {
    expect(() => merge('export const startInstance = makeStart()\n')).toThrow(/src\/start\.ts: no createStart/)
    expect(() => merge("import { createStart } from 'x'\nexport const startInstance = createStart(options)\n")).toThrow(
      /inline function/,
    )
    expect(() =>
      merge("import { createStart } from 'x'\nexport const startInstance = createStart(() => makeOptions())\n"),
    ).toThrow(/does not return an object literal/)
    const method = 'export const startInstance = createStart(() => ({ requestMiddleware() {} }))\n'
    expect(() => merge(`import { createStart } from 'x'\n${method}`)).toThrow(/requestMiddleware is a method/)
  })

  it('refuses a start file with a syntax error, with its line and column', () => {
    expect(() =>
      merge("import { createStart } from 'x'\nexport const startInstance = createStart(() => ({)\n"),
    ).toThrow(/src\/start\.ts:2:\d+ does not parse/)
  })
})

describe('addNamedImports: a new import line', () => {
  const add = (names: string[], from: string) => {
    const text = "import { createFileRoute } from '@tanstack/react-router'\n"
    return applyEdits(text, addNamedImports(parse(text, 'x.tsx'), { from, names }, DEFAULT_STYLE))
      .split('\n')
      .slice(1)
      .join('\n')
  }

  it('wraps several names past 80 columns, the way Prettier does', () => {
    expect(add(['securityHeadersMiddleware', 'csrfMiddleware'], '#/lib/auth/request-middleware')).toBe(
      "import {\n  securityHeadersMiddleware,\n  csrfMiddleware,\n} from '#/lib/auth/request-middleware'\n",
    )
    expect(add(['a', 'b'], '#/x')).toBe("import { a, b } from '#/x'\n")
  })

  it('keeps a single name on one line however long (Prettier does not wrap it)', () => {
    const line = add(['requireMemberCreatePermissionAuth'], '../../../some/deeply/nested/folder/lib/auth/guards')
    expect(line).toBe(
      "import { requireMemberCreatePermissionAuth } from '../../../some/deeply/nested/folder/lib/auth/guards'\n",
    )
  })
})
