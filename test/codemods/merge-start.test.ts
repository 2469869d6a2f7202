import { readdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ts } from 'ts-morph'
import { describe, expect, it } from 'vitest'
import { applyEdits } from '../../src/codemods/edits.js'
import { addNamedImports } from '../../src/codemods/imports.js'
import { mergeStart } from '../../src/codemods/merge-start.js'
import type { CodeStyle } from '../../src/project/types.js'

const CASES = fileURLToPath(new URL('./merge-start/', import.meta.url))
const DEFAULT_STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

function merge(input: string, style: CodeStyle) {
  return mergeStart(input, 'src/start.ts', {
    from: '#/lib/auth/request-middleware',
    middleware: ['securityHeadersMiddleware', 'csrfMiddleware'],
    skipWhenPresent: { csrfMiddleware: (text) => text.includes('createCsrfMiddleware(') },
    style,
  })
}

function isSubsequence(small: string, large: string): boolean {
  let index = 0
  for (const char of large) if (char === small[index]) index++
  return index === small.length
}

function syntaxErrors(text: string): number {
  return ts.transpileModule(text, { fileName: 'start.ts', reportDiagnostics: true }).diagnostics?.length ?? 0
}

/** The request middleware names listed, read back from the output's AST. */
function listed(text: string): string[] {
  const sourceFile = ts.createSourceFile('start.ts', text, ts.ScriptTarget.Latest, true)
  const names: string[] = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(sourceFile) === 'requestMiddleware' &&
      ts.isArrayLiteralExpression(node.initializer)
    ) {
      names.push(...node.initializer.elements.map((element) => element.getText(sourceFile)))
    }
    ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  return names
}

describe('mergeStart', () => {
  for (const name of readdirSync(CASES).sort()) {
    it(name, async () => {
      const dir = path.join(CASES, name)
      const input = readFileSync(path.join(dir, 'input.ts'), 'utf8')
      const styleFile = path.join(dir, 'style.json')
      const style = existsSync(styleFile) ? (JSON.parse(readFileSync(styleFile, 'utf8')) as CodeStyle) : DEFAULT_STYLE
      const output = merge(input, style)
      await expect(output).toMatchFileSnapshot(path.join(dir, 'output.ts'))
      expect(syntaxErrors(output)).toBe(0)
      // idempotent: a second merge changes nothing
      expect(merge(output, style)).toBe(output)
      // nothing the user wrote is removed: the input is a subsequence of the output
      expect(isSubsequence(input, output)).toBe(true)
      // ours come first (after Sentry's, which must stay first), exactly once
      const names = listed(output)
      if (names.length > 0) {
        const ours = names.filter((n) => n === 'securityHeadersMiddleware' || n === 'csrfMiddleware')
        expect(new Set(ours).size).toBe(ours.length)
        const sentry = names.filter((n) => /^(Sentry\.)?sentry/.test(n)).length
        expect(names.slice(0, sentry).every((n) => /sentry/i.test(n))).toBe(true)
        expect(names.slice(sentry, sentry + ours.length)).toEqual(ours)
      }
      // the import appears once
      expect(output.split('request-middleware').length - 1).toBeLessThanOrEqual(1)
    })
  }

  it('keeps the app’s own CSRF middleware instead of adding a second', () => {
    const input = readFileSync(path.join(CASES, 'csrf-already-present', 'input.ts'), 'utf8')
    const output = merge(input, DEFAULT_STYLE)
    expect(listed(output)).toEqual(['securityHeadersMiddleware', 'csrf'])
  })

  it('leaves Sentry’s global middleware first, as Sentry requires', () => {
    const read = (name: string) => merge(readFileSync(path.join(CASES, name, 'input.ts'), 'utf8'), DEFAULT_STYLE)
    expect(listed(read('sentry-first'))).toEqual([
      'sentryGlobalRequestMiddleware',
      'securityHeadersMiddleware',
      'csrfMiddleware',
      'clerkMiddleware()',
    ])
    expect(listed(read('sentry-only'))).toEqual([
      'Sentry.sentryGlobalRequestMiddleware',
      'securityHeadersMiddleware',
      'csrfMiddleware',
    ])
  })

  it('refuses a start file it cannot read safely, naming the file', () => {
    expect(() => merge('export const startInstance = makeStart()\n', DEFAULT_STYLE)).toThrow(
      /src\/start\.ts: no createStart/,
    )
    expect(() =>
      merge("import { createStart } from 'x'\nexport const startInstance = createStart(options)\n", DEFAULT_STYLE),
    ).toThrow(/inline function/)
  })
})

describe('applyEdits', () => {
  it('keeps every byte outside the edited spans', () => {
    expect(
      applyEdits('a c e', [
        { start: 4, end: 5, text: 'E' },
        { start: 2, end: 2, text: 'b ' },
      ]),
    ).toBe('a b c E')
    expect(() =>
      applyEdits('abc', [
        { start: 0, end: 2, text: '' },
        { start: 1, end: 3, text: '' },
      ]),
    ).toThrow(/overlapping/)
  })
})

describe('addNamedImports: a new import line', () => {
  const style: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
  const add = (names: string[], from: string) => {
    const text = "import { createFileRoute } from '@tanstack/react-router'\n"
    const sourceFile = ts.createSourceFile('x.tsx', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
    return applyEdits(text, addNamedImports(sourceFile, { from, names }, style))
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
