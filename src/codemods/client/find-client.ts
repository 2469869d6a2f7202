import ts from '../../../lib/typescript.js'
import { localNamesOf } from '../js/bindings.js'
import { findCall } from '../js/calls.js'
import { parse } from '../js/parse.js'
import { unwrappedParent } from '../js/unwrap.js'
import { exportNameOf } from '../js/exports.js'

/**
 * The first `createAuthClient(...)` call of a parsed file, under any name a `better-auth/...`
 * module exports it as.
 *
 * @example findClientCall(sourceFile)?.arguments[0]
 */
export function findClientCall(sourceFile: ts.SourceFile): ts.CallExpression | undefined {
  return findCall(
    sourceFile,
    localNamesOf(sourceFile, (specifier) => specifier.startsWith('better-auth/'), 'createAuthClient'),
  )
}

/**
 * A module-level `createAuthClient(...)` in a source text: the name it is exported under,
 * `default`, or null when it cannot be imported as one object; undefined when there is none.
 * Read-only, and lenient: a file that does not parse yields what parses.
 *
 * @example findAuthClient("export const authClient = createAuthClient()", 'a.ts') // { exportName: 'authClient' }
 */
export function findAuthClient(text: string, fileName: string): { exportName: string | null } | undefined {
  if (!text.includes('createAuthClient')) return undefined
  const sourceFile = parse(text, fileName)
  const call = findClientCall(sourceFile)
  if (!call) return undefined
  const owner = unwrappedParent(call)
  if (ts.isExportAssignment(owner)) return { exportName: 'default' }
  if (!ts.isVariableDeclaration(owner) || !ts.isIdentifier(owner.name)) return { exportName: null }
  const statement = owner.parent.parent
  if (!ts.isVariableStatement(statement) || statement.parent !== sourceFile) return { exportName: null }
  if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword))
    return { exportName: owner.name.text }
  return { exportName: exportNameOf(sourceFile, owner.name.text) }
}
