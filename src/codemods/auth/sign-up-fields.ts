import ts from '../../../lib/typescript.js'
import { findProperty, hasSpread, propertyName, propertyValue } from '../js/objects.js'
import { resolveConst, unwrap } from '../js/unwrap.js'
import { optionProperty } from './spread-options.js'

/**
 * A user field the instance requires at sign-up (`user.additionalFields.username: { type: 'string', required: true }`):
 * Better Auth refuses a sign-up without it (`MISSING_FIELD`), and its client types (`inferAdditionalFields`) make it a
 * required key of `signUp.email`. `type` is the field's own when a form input can carry it (`string`, `number`,
 * `boolean`); otherwise `input` is null and `written` is what the instance says (`'date'`, `['a', 'b']`).
 */
export interface SignUpField {
  name: string
  type: 'string' | 'number' | 'boolean' | null
  written: string
  /**
   * Whether the server refuses a sign-up without it (`required: true`). A field without `required` is optional
   * there, though the client's types still make it a required key.
   */
  serverRequired: boolean
}

const FORM_TYPES = new Set(['string', 'number', 'boolean'])

/**
 * The fields of `user.additionalFields` a sign-up must send: not `required: false`, no `defaultValue` but a function,
 * not `input: false`. These are the keys Better Auth's client types (`InferFieldsInputClient`, the same from 1.3 to
 * 1.7) make required in `signUp.email`: a field without `required` too, although the server only refuses a missing
 * `required: true` one. Fields written in a way kit-auth cannot read (a spread, a value built elsewhere) are not
 * listed.
 *
 * @example requiredSignUpFields(options)[0] // { name: 'username', type: 'string', serverRequired: true, ... }
 */
export function requiredSignUpFields(options: ts.ObjectLiteralExpression | null | undefined): SignUpField[] {
  const user = options && optionProperty(options, 'user')
  const userValue = user && user !== 'unknown' ? propertyValue(user) : null
  if (!userValue || !ts.isObjectLiteralExpression(userValue)) return []
  const fields = findProperty(userValue, 'additionalFields')
  const fieldsValue = fields && propertyValue(fields)
  const object = fieldsValue && resolveConst(fieldsValue)
  if (!object || !ts.isObjectLiteralExpression(object)) return []
  return object.properties.flatMap((element) => {
    const name = element.name && propertyName(element.name)
    const value = ts.isPropertyAssignment(element) ? unwrap(element.initializer) : null
    if (!name || !value || !ts.isObjectLiteralExpression(value) || hasSpread(value)) return []
    const flag = (key: string) => {
      const property = findProperty(value, key)
      return property ? propertyValue(property)?.kind : undefined
    }
    if (flag('required') === ts.SyntaxKind.FalseKeyword || flag('input') === ts.SyntaxKind.FalseKeyword) return []
    // a literal default makes the key optional in the client's types; a function's does not
    const fallback = flag('defaultValue')
    if (
      fallback !== undefined &&
      fallback !== ts.SyntaxKind.ArrowFunction &&
      fallback !== ts.SyntaxKind.FunctionExpression
    )
      return []
    const typeProperty = findProperty(value, 'type')
    const type = typeProperty && propertyValue(typeProperty)
    if (!type) return []
    const text = ts.isStringLiteralLike(type) && FORM_TYPES.has(type.text) ? type.text : null
    const serverRequired = flag('required') === ts.SyntaxKind.TrueKeyword
    return [{ name, type: text as SignUpField['type'], written: type.getText(), serverRequired }]
  })
}
