import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { quoted } from '../js/imports.js'
import { findProperty, insertProperty, propertyName } from '../js/objects.js'
import { walk } from '../js/parse.js'
import { objectLiteralOf } from '../js/unwrap.js'
import type { Transform } from '../transform.js'

export interface AddSignUpCallbackOptions {
  /** Where the link in the verification email leads (`/verify-email`). */
  callbackURL: string
  style: CodeStyle
}

/**
 * Gives the `authClient.signUp.email({...})` of kit-auth's sign-up page a `callbackURL`, so the
 * link in the verification email lands on the verify-email page. A call that has one is left
 * alone (`present`); a page without such a call is `unrecognised`.
 *
 * @example runTransform(text, 'src/routes/sign-up.tsx', addSignUpCallback, { callbackURL: '/verify-email', style })
 */
export const addSignUpCallback: Transform<
  AddSignUpCallbackOptions,
  { status: 'added' | 'present' | 'unrecognised' }
> = (file, options) => {
  const { text, sourceFile } = file
  const call = [...walk(sourceFile)].find(
    (node): node is ts.CallExpression =>
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'email' &&
      ts.isPropertyAccessExpression(node.expression.expression) &&
      node.expression.expression.name.text === 'signUp',
  )
  const body = call ? objectLiteralOf(call.arguments[0]) : null
  if (!body) return { edits: [], data: { status: 'unrecognised' } }
  if (findProperty(body, 'callbackURL')) return { edits: [], data: { status: 'present' } }
  const names = new Set(
    body.properties.flatMap((property) => (property.name ? [propertyName(property.name) ?? ''] : [])),
  )
  return {
    edits: insertProperty(
      text,
      sourceFile,
      body,
      `callbackURL: ${quoted(options.callbackURL, options.style)}`,
      options.style.indent || '  ',
      names,
    ),
    changes: ['callbackURL'],
    data: { status: 'added' },
  }
}
