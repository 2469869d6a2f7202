import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { importedNames } from '../js/bindings.js'
import { indentAt } from '../js/trivia.js'
import type { Transform } from '../transform.js'

/**
 * Makes `isDeactivated(user)` honour the admin plugin's bans (what init generates with the admin
 * plugin): its final `return false` becomes the ban check. `data.patched` is false when the
 * function is missing or has another shape (the caller tells the user); true when it mentions
 * `banned` already, or when the file checks users with `isLockedOut` (kit-auth's lockout.ts, which
 * honours bans itself).
 *
 * @example runTransform(text, 'src/lib/auth/session.ts', addBanCheck, { style }).data?.patched // true
 */
export const addBanCheck: Transform<{ style: CodeStyle }, { patched: boolean }> = (file, options) => {
  const { text, sourceFile } = file
  if ([...importedNames(sourceFile).values()].includes('isLockedOut')) return { edits: [], data: { patched: true } }
  const fn = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === 'isDeactivated',
  )
  const body = fn?.body
  const parameter = fn?.parameters[0]?.name
  if (!body || !parameter || !ts.isIdentifier(parameter)) return { edits: [], data: { patched: false } }
  if (/\bbanned\b/.test(body.getText(sourceFile))) return { edits: [], data: { patched: true } }
  const last = body.statements.at(-1)
  if (!last || !ts.isReturnStatement(last) || last.expression?.kind !== ts.SyntaxKind.FalseKeyword)
    return { edits: [], data: { patched: false } }
  const user = parameter.text
  const indent = indentAt(text, last.getStart(sourceFile))
  const semi = options.style.semicolons ? ';' : ''
  const replacement = [
    `if (!${user}.banned) return false${semi}`,
    `${indent}// The admin plugin lets bans expire; an expired ban no longer blocks.`,
    `${indent}return !${user}.banExpires || new Date(${user}.banExpires).getTime() > Date.now()${semi}`,
  ].join('\n')
  return { edits: [{ start: last.getStart(sourceFile), end: last.end, text: replacement }], data: { patched: true } }
}
