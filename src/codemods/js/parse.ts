import ts from '../../../lib/typescript.js'

/** Where a file stops parsing: 1-based line and column, and the parser's message. */
export interface SyntaxProblem {
  line: number
  column: number
  message: string
}

/** The script kind TypeScript should parse a file name as (`.tsx`, `.jsx`, `.js`/`.mjs`/`.cjs`, else TS). */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS
  return ts.ScriptKind.TS
}

/**
 * Parses a JS/TS file with parent pointers set; never throws (see `syntaxProblem`).
 *
 * @example parse('export const a = 1', 'a.ts').statements.length // 1
 */
export function parse(text: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName))
}

/**
 * The first syntax error the parser reported for a file, or null when it parses.
 *
 * @example syntaxProblem(parse('const = 1', 'a.ts'))
 *   // { line: 1, column: 7, message: 'Variable declaration expected.' }
 */
export function syntaxProblem(sourceFile: ts.SourceFile): SyntaxProblem | null {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? []
  const [first] = diagnostics
  if (!first) return null
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0)
  return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') }
}

/** Every node under `node` (itself included), depth first. */
export function* walk(node: ts.Node): Generator<ts.Node> {
  yield node
  const children: ts.Node[] = []
  ts.forEachChild(node, (child) => {
    children.push(child)
  })
  for (const child of children) yield* walk(child)
}
