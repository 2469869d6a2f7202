import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { quoted } from '../js/imports.js'
import { addCallOptions, addProperties, findProperty, propertyValue } from '../js/objects.js'
import type { Transform, TransformResult } from '../transform.js'
import { instanceOf, type InstanceOptions } from './find-instance.js'
import { optionProperty } from './spread-options.js'

export interface AddUserFieldOptions extends InstanceOptions {
  style: CodeStyle
}

const ADDED = 'user.additionalFields.deactivatedAt'

/**
 * Declares `user.additionalFields.deactivatedAt`, the field kit-auth's `getSession()` checks to lock a
 * user out, in an app's `betterAuth(...)` options: merged into the `user` and `additionalFields`
 * objects that are there, created where they are not. When kit-auth cannot read them (a spread, a
 * value from elsewhere), a note asks the user to add it by hand.
 *
 * @example runTransform(text, 'src/lib/auth.ts', addUserField, { style }).changes // ['user.additionalFields...']
 */
export const addUserField: Transform<AddUserFieldOptions> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const { call, options: config } = instanceOf(file, options)
  const unit = options.style.indent || '  '
  const field = [
    '// Set it to lock a user out: getSession() treats them as anonymous.',
    `deactivatedAt: { type: ${quoted('date', options.style)}, required: false, input: false }`,
  ]
  /** The field's lines indented `depth` units, the last one closing with a comma. */
  const nested = (depth: number) =>
    field.map((line, index) => `${unit.repeat(depth)}${line}${index === field.length - 1 ? ',' : ''}`)
  const byHand = (where: string): TransformResult => ({
    edits: [],
    notes: [
      `${fileName}: add \`deactivatedAt: { type: 'date', required: false, input: false }\` to ${where} by hand: ` +
        'kit-auth cannot read it (getSession() checks it).',
    ],
  })
  const added = (edits: TransformResult['edits']): TransformResult => ({ edits, changes: [ADDED] })

  // in the options or a same-file object they spread
  const userProperty = config ? optionProperty(config, 'user') : undefined
  if (userProperty === 'unknown')
    return byHand('`user.additionalFields` of the Better Auth options (they spread another object)')
  if (!userProperty) {
    const user = ['user: {', `${unit}additionalFields: {`, ...nested(2), `${unit}},`, '}']
    return added(addCallOptions(text, sourceFile, call, config, [], [user], unit))
  }
  const user = propertyValue(userProperty)
  if (!user || !ts.isObjectLiteralExpression(user)) return byHand('`user.additionalFields`')
  const fieldsProperty = findProperty(user, 'additionalFields')
  if (!fieldsProperty) {
    const fields = ['additionalFields: {', ...nested(1), '}']
    return added(addProperties(text, sourceFile, user, [], [fields], unit))
  }
  const fields = propertyValue(fieldsProperty)
  if (!fields || !ts.isObjectLiteralExpression(fields)) return byHand('`user.additionalFields`')
  if (findProperty(fields, 'deactivatedAt')) return { edits: [] }
  return added(addProperties(text, sourceFile, fields, [], [field], unit))
}
