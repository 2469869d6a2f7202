import { describe, expect, it } from 'vitest'
import ts from '../../../lib/typescript.js'
import { parse, scriptKindOf, syntaxProblem, walk } from '../../../src/codemods/js/parse.js'

describe('scriptKindOf', () => {
  it('reads the kind from the extension, TS by default', () => {
    expect(scriptKindOf('src/routes/index.tsx')).toBe(ts.ScriptKind.TSX)
    expect(scriptKindOf('a.jsx')).toBe(ts.ScriptKind.JSX)
    expect(scriptKindOf('a.js')).toBe(ts.ScriptKind.JS)
    expect(scriptKindOf('vite.config.mjs')).toBe(ts.ScriptKind.JS)
    expect(scriptKindOf('a.cjs')).toBe(ts.ScriptKind.JS)
    expect(scriptKindOf('a.mts')).toBe(ts.ScriptKind.TS)
    expect(scriptKindOf('a.ts')).toBe(ts.ScriptKind.TS)
  })
})

describe('parse and syntaxProblem', () => {
  it('parses with parent pointers, and finds no problem in a file that parses', () => {
    const sourceFile = parse('export const a = 1 satisfies number\n', 'a.ts')
    const statement = sourceFile.statements[0]!
    expect(statement.parent).toBe(sourceFile)
    expect(statement.getText()).toBe('export const a = 1 satisfies number')
    expect(syntaxProblem(sourceFile)).toBeNull()
  })

  it('reports the first error with its 1-based line and column and the parser’s message', () => {
    expect(syntaxProblem(parse('const = 1', 'a.ts'))).toEqual({
      line: 1,
      column: 7,
      message: 'Variable declaration expected.',
    })
    const problem = syntaxProblem(parse('import { a } from "m"\r\nexport const b = {\r\n', 'b.ts'))
    expect(problem).toMatchObject({ line: 3, column: 1 })
    expect(problem?.message).toMatch(/'}' expected/)
  })

  it('parses JSX only in .tsx and .jsx files', () => {
    const jsx = 'export const A = () => <div className="a" />\n'
    expect(syntaxProblem(parse(jsx, 'a.tsx'))).toBeNull()
    expect(syntaxProblem(parse(jsx, 'a.jsx'))).toBeNull()
    expect(syntaxProblem(parse(jsx, 'a.ts'))).not.toBeNull()
    // and `<T>x` casts only outside them
    expect(syntaxProblem(parse('const a = <string>b\n', 'a.ts'))).toBeNull()
    expect(syntaxProblem(parse('const a = <string>b\n', 'a.tsx'))).not.toBeNull()
  })

  it('never throws, even on what is not code', () => {
    expect(syntaxProblem(parse('}}} <<<', 'a.ts'))).not.toBeNull()
    expect(syntaxProblem(parse('', 'a.ts'))).toBeNull()
  })
})

describe('walk', () => {
  it('visits every node depth first, the node itself first', () => {
    const sourceFile = parse('f(a, g(b))', 'a.ts')
    const identifiers = [...walk(sourceFile)].filter(ts.isIdentifier).map((node) => node.text)
    expect(identifiers).toEqual(['f', 'a', 'g', 'b'])
    const kinds = [...walk(sourceFile.statements[0]!)].map((node) => ts.SyntaxKind[node.kind])
    expect(kinds.slice(0, 3)).toEqual(['ExpressionStatement', 'CallExpression', 'Identifier'])
  })
})
