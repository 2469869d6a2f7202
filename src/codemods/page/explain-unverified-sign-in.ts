import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { quoted } from '../js/imports.js'
import { walk } from '../js/parse.js'
import { indentAt } from '../js/trivia.js'
import type { Transform } from '../transform.js'

export interface ExplainUnverifiedOptions {
  /** The sign-in page component's function (`SignInPage`). */
  component: string
  style: CodeStyle
}

const CODE = 'EMAIL_NOT_VERIFIED'
const MESSAGE = 'Verify your email address first: we sent you a new link.'

/**
 * Makes kit-auth's sign-in page say why a sign-in was refused for an unverified address (Better Auth answers
 * `EMAIL_NOT_VERIFIED` and sends a new link): its `setError(failed.message ?? '...')` (`error.message` on pages of
 * earlier kit-auth releases) becomes a choice on `failed.code`. A page that already mentions the code is `present`; one
 * without that call is `unrecognised` (not edited).
 *
 * @example runTransform(text, 'src/routes/sign-in.tsx', explainUnverifiedSignIn, { component: 'SignInPage', style })
 */
export const explainUnverifiedSignIn: Transform<
  ExplainUnverifiedOptions,
  { status: 'added' | 'present' | 'unrecognised' }
> = (file, options) => {
  const { text, sourceFile } = file
  const nodes = [...walk(sourceFile)]
  if (nodes.some((node) => ts.isStringLiteralLike(node) && node.text === CODE))
    return { edits: [], data: { status: 'present' } }
  const component = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === options.component,
  )
  const call = component
    ? [...walk(component)].find(
        (node): node is ts.CallExpression =>
          ts.isCallExpression(node) &&
          ts.isIdentifier(node.expression) &&
          node.expression.text === 'setError' &&
          node.arguments.length === 1 &&
          isErrorMessage(node.arguments[0]!),
      )
    : undefined
  if (!call) return { edits: [], data: { status: 'unrecognised' } }
  const indent = indentAt(text, call.getStart(sourceFile))
  const unit = options.style.indent || '  '
  const fallback = call.arguments[0]!.getText(sourceFile)
  const failure = errorName(call.arguments[0]!)
  const replacement = [
    'setError(',
    `${indent}${unit}${failure}.code === ${quoted(CODE, options.style)}`,
    `${indent}${unit}${unit}? ${quoted(MESSAGE, options.style)}`,
    `${indent}${unit}${unit}: (${fallback}),`,
    `${indent})`,
  ].join('\n')
  return {
    edits: [{ start: call.getStart(sourceFile), end: call.end, text: replacement }],
    changes: [CODE],
    data: { status: 'added' },
  }
}

/** `failed.message ?? 'Could not sign in'` (any fallback; `error.message` on earlier pages). */
function isErrorMessage(expression: ts.Expression): boolean {
  return errorName(expression) !== null
}

/** The name of the sign-in result's error in `<name>.message ?? '...'`, or null for anything else. */
function errorName(expression: ts.Expression): string | null {
  return ts.isBinaryExpression(expression) &&
    expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken &&
    ts.isPropertyAccessExpression(expression.left) &&
    ts.isIdentifier(expression.left.expression) &&
    ['failed', 'error'].includes(expression.left.expression.text) &&
    expression.left.name.text === 'message'
    ? expression.left.expression.text
    : null
}
