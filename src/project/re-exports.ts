import path from 'node:path'
import ts from '../../lib/typescript.js'
import { parse } from '../codemods/js/parse.js'
import { firstFile, readText } from './files.js'
import { moduleCandidates } from './modules.js'

/** What a module re-exports from others: `export * from './x'` ('*'), `export { a as b } from './x'` (a -> b). */
function reExports(text: string, fileName: string): { specifier: string; names: '*' | Map<string, string> }[] {
  const found: { specifier: string; names: '*' | Map<string, string> }[] = []
  for (const statement of parse(text, fileName).statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly) continue
    const target = statement.moduleSpecifier
    if (!target || !ts.isStringLiteral(target) || !target.text.startsWith('.')) continue
    const clause = statement.exportClause
    if (!clause) found.push({ specifier: target.text, names: '*' })
    else if (ts.isNamedExports(clause))
      found.push({
        specifier: target.text,
        names: new Map(
          clause.elements.map((element) => [(element.propertyName ?? element.name).text, element.name.text]),
        ),
      })
  }
  return found
}

/**
 * What `find` finds in a module (`file`, relative to `dir`) or in a module it re-exports it from by a relative
 * specifier (`export { auth } from './auth'`, `export * from './client'`, two levels at most), under the name the
 * module exports it as; `file` is the module where `find` found it.
 *
 * @example await behindReExports(root, 'src/db/index.ts', text, dbOf) // { file: 'src/db/client.ts', found: {...} }
 */
export async function behindReExports<T extends { exportName: string | null }>(
  dir: string,
  file: string,
  text: string,
  find: (text: string, file: string) => T | null | undefined,
  depth = 0,
): Promise<{ file: string; found: T } | null> {
  const found = find(text, file)
  if (found) return { file, found }
  if (depth >= 2) return null
  for (const { specifier, names } of reExports(text, path.basename(file))) {
    const base = path.posix.join(path.posix.dirname(file), specifier).replace(/\.[cm]?js$/, '')
    const target = await firstFile(dir, moduleCandidates(base))
    if (!target) continue
    const behind = await behindReExports(dir, target, (await readText(path.join(dir, target))) ?? '', find, depth + 1)
    const name = behind?.found.exportName
    const exported = name && (names === '*' ? name : names.get(name))
    if (behind && exported) return { file: behind.file, found: { ...behind.found, exportName: exported } }
  }
  return null
}
