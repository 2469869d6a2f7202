import ts from '../../../lib/typescript.js'
import type { TextEdit } from '../js/edits.js'
import type { Transform } from '../transform.js'

/**
 * Makes `getAccountContext()` report the active organization (what init generates with the
 * organization plugin): `const activeOrganizationId: string | null = null` reads the session's
 * `activeOrganizationId`, and the `requireSession()` destructuring gains `session`. `data.patched`
 * is false when the function has another shape (the caller tells the user).
 *
 * @example runTransform(text, 'src/lib/auth/session.ts', addActiveOrganization, {}).data?.patched // true
 */
export const addActiveOrganization: Transform<object, { patched: boolean }> = (file) => {
  const { sourceFile } = file
  const unpatched = { edits: [], data: { patched: false } }
  const fn = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === 'getAccountContext',
  )
  if (!fn?.body) return unpatched
  const declarations = fn.body.statements
    .filter(ts.isVariableStatement)
    .flatMap((statement) => [...statement.declarationList.declarations])
  const active = declarations.find(
    (declaration) => ts.isIdentifier(declaration.name) && declaration.name.text === 'activeOrganizationId',
  )
  if (!active) return unpatched
  if (active.initializer?.kind !== ts.SyntaxKind.NullKeyword) {
    const reads = /activeOrganizationId/.test(active.initializer?.getText(sourceFile) ?? '')
    return { edits: [], data: { patched: reads } }
  }
  const pattern = declarations.find(
    (declaration) =>
      ts.isObjectBindingPattern(declaration.name) &&
      declaration.initializer !== undefined &&
      /^await\s+requireSession\(\s*\)$/.test(declaration.initializer.getText(sourceFile)),
  )?.name as ts.ObjectBindingPattern | undefined
  if (!pattern || pattern.elements.length === 0) return unpatched
  const edits: TextEdit[] = [
    {
      start: active.getStart(sourceFile),
      end: active.end,
      text: 'activeOrganizationId = session?.activeOrganizationId ?? null',
    },
  ]
  const hasSession = pattern.elements.some(
    (element) => (element.propertyName ?? element.name).getText(sourceFile) === 'session',
  )
  if (!hasSession) {
    const last = pattern.elements.at(-1)!
    edits.push({ start: last.end, end: last.end, text: ', session' })
  } else if (
    !pattern.elements.some((element) => !element.propertyName && element.name.getText(sourceFile) === 'session')
  ) {
    return unpatched
  }
  return { edits, data: { patched: true } }
}
