import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import type { TextEdit } from '../js/edits.js'
import { quoted } from '../js/imports.js'
import { walk } from '../js/parse.js'
import { indentAt } from '../js/trivia.js'
import type { Transform } from '../transform.js'

export interface StopAtSecondFactorOptions {
  /** The sign-in page component's function (`SignInPage`). */
  component: string
  style: CodeStyle
}

const FLAG = 'twoFactorRedirect'

/**
 * Makes kit-auth's sign-in page stop after the password step of an account with two-factor on:
 * Better Auth answers `{ twoFactorRedirect: true }` without a session, the auth client's
 * `onTwoFactorRedirect` opens the code screen, and the page must not navigate on to the
 * (still guarded) target. `const { error: failed } = await authClient.signIn.email(...)` gets
 * `data`, and after the error check comes `if ('twoFactorRedirect' in data) return` (`data && ` first
 * when no check that leaves comes before it).
 * A page that already mentions `twoFactorRedirect` is `present`; one without that call is
 * `unrecognised` (not edited).
 *
 * @example runTransform(text, 'src/routes/sign-in.tsx', stopAtSecondFactor, { component: 'SignInPage', style })
 */
export const stopAtSecondFactor: Transform<
  StopAtSecondFactorOptions,
  { status: 'added' | 'present' | 'unrecognised' }
> = (file, options) => {
  const { text, sourceFile } = file
  if (text.includes(FLAG)) return { edits: [], data: { status: 'present' } }
  const component = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === options.component,
  )
  const declaration = component
    ? [...walk(component)].find(
        (node): node is ts.VariableDeclaration & { name: ts.ObjectBindingPattern } =>
          ts.isVariableDeclaration(node) &&
          ts.isObjectBindingPattern(node.name) &&
          node.initializer !== undefined &&
          isSignInCall(node.initializer),
      )
    : undefined
  const statement = declaration?.parent.parent
  const block = statement?.parent
  if (!declaration || !statement || !ts.isVariableStatement(statement) || !block || !ts.isBlock(block))
    return { edits: [], data: { status: 'unrecognised' } }

  const edits: TextEdit[] = []
  const elements = declaration.name.elements
  const dataElement = elements.find((element) => bindingKey(element) === 'data')
  if (dataElement && !ts.isIdentifier(dataElement.name)) return { edits: [], data: { status: 'unrecognised' } }
  const dataName = dataElement ? (dataElement.name as ts.Identifier).text : 'data'
  if (!dataElement) {
    const first = elements[0]
    const at = first ? first.getStart(sourceFile) : declaration.name.getStart(sourceFile) + 1
    edits.push({ start: at, end: at, text: first ? 'data, ' : ' data ' })
  }
  const errorElement = elements.find((element) => bindingKey(element) === 'error')
  const errorName = errorElement && ts.isIdentifier(errorElement.name) ? errorElement.name.text : null
  // after the `if (failed) { ... }` that follows the call, else right after the call
  const index = block.statements.indexOf(statement)
  const next = block.statements[index + 1]
  const checksError =
    next !== undefined &&
    ts.isIfStatement(next) &&
    errorName !== null &&
    ts.isIdentifier(next.expression) &&
    next.expression.text === errorName
  const after = checksError ? next : statement
  const indent = indentAt(text, statement.getStart(sourceFile))
  const semi = options.style.semicolons ? ';' : ''
  // past an error check that leaves, `data` is the success answer: non-null in every release
  const guard = checksError && exits(next.thenStatement) ? '' : `${dataName} && `
  edits.push({
    start: after.end,
    end: after.end,
    text:
      `\n${indent}// Two-factor on: onTwoFactorRedirect (auth-client) opens the code page.` +
      `\n${indent}if (${guard}${quoted(FLAG, options.style)} in ${dataName}) return${semi}`,
  })
  return { edits, changes: [FLAG], data: { status: 'added' } }
}

/** True when a statement always returns or throws: `return`, `throw`, or a block ending in one. */
function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true
  const last = ts.isBlock(statement) ? statement.statements.at(-1) : undefined
  return last !== undefined && (ts.isReturnStatement(last) || ts.isThrowStatement(last))
}

/** `await authClient.signIn.email(...)` under any client name. */
function isSignInCall(expression: ts.Expression): boolean {
  const call = ts.isAwaitExpression(expression) ? expression.expression : expression
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false
  const callee = call.expression
  return (
    callee.name.text === 'email' &&
    ts.isPropertyAccessExpression(callee.expression) &&
    callee.expression.name.text === 'signIn'
  )
}

/** The property a binding element reads: `data` for `data` and `data: result`. */
function bindingKey(element: ts.BindingElement): string | undefined {
  if (element.propertyName) return ts.isIdentifier(element.propertyName) ? element.propertyName.text : undefined
  return ts.isIdentifier(element.name) ? element.name.text : undefined
}
