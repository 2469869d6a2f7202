import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import type { TextEdit } from '../js/edits.js'
import { importAs } from '../js/import-as.js'
import { addCallOptions, addProperties, findProperty, propertyValue } from '../js/objects.js'
import type { Transform } from '../transform.js'
import {
  changeEmailMember,
  emailAndPasswordMembers,
  verificationMembers,
  type Member,
} from './account-email-members.js'
import { instanceOf, type InstanceOptions } from './find-instance.js'
import { isTypedObject, optionProperty } from './spread-options.js'

export interface AddAccountEmailsOptions extends InstanceOptions {
  passwordReset: boolean
  emailVerification: boolean
  /** `emailAndPassword.requireEmailVerification: true` (only with emailVerification). */
  requireEmailVerification: boolean
  /** Better Auth before 1.4 mails a verified user's new address only through `sendChangeEmailVerification`. */
  changeEmailVerification: boolean
  /**
   * Better Auth 1.4+ ignores a verification link once the address is verified: only then does the link
   * also sign in (before, every click of a valid link would).
   */
  verificationLinkOnce: boolean
  /** The module specifier of lib/auth/email.ts from the instance's file. */
  emailFrom: string
  style: CodeStyle
}

export interface AccountEmailsResult {
  /** Options the app had already set to its own callbacks, kept as they are. */
  yours: string[]
}

/**
 * Wires the account emails into an app's `betterAuth(...)` options, as kit-auth's own auth.ts has
 * them: `emailAndPassword.sendResetPassword` (one-hour links, sessions revoked on reset),
 * `emailVerification.sendVerificationEmail` (sent on sign-up, signs the user in) and
 * `user.changeEmail`, all through `sendEmail(authEmails.*)` of lib/auth/email.ts. Objects that are
 * there get the missing properties; a callback of the app's own is kept and reported in `yours`;
 * a value kit-auth cannot read (a spread, a call) is left with a note. A second run changes nothing.
 *
 * @example runTransform(text, 'src/lib/auth.ts', addAccountEmails, { passwordReset: true, ... }).changes
 */
export const addAccountEmails: Transform<AddAccountEmailsOptions, AccountEmailsResult> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const { call, options: config } = instanceOf(file, options)
  const unit = options.style.indent || '  '
  const edits: TextEdit[] = []
  const notes: string[] = []
  const changes: string[] = []
  const yours: string[] = []
  let usesEmail = false
  const topLevel: string[][] = []
  // kit-auth's sendEmail and authEmails, under another name where the file has its own (an app's own
  // `sendEmail` takes other arguments: the callbacks must never call it)
  const email = importAs(
    sourceFile,
    { from: options.emailFrom, names: ['authEmails', 'sendEmail'] },
    options.style,
    (name) => `kitAuth${name[0]!.toUpperCase()}${name.slice(1)}`,
    config ?? call,
  )
  const ours = (members: Member[]): Member[] =>
    members.map(([name, lines]) => [
      name,
      lines.map((line) =>
        line
          .replace(/\bsendEmail\(/g, `${email.local.sendEmail}(`)
          .replace(/\bauthEmails\./g, `${email.local.authEmails}.`),
      ),
    ])

  /** The object a property holds, `missing` when absent, null when it holds something else. */
  const objectAt = (object: ts.ObjectLiteralExpression | null, name: string) => {
    // in the options or a same-file object they spread (`const options = {...}; betterAuth({ ...options })`)
    const property = object ? optionProperty(object, name) : undefined
    if (!property || property === 'unknown') return 'missing' as const
    // in an object spread into the options: only a typed one, where callbacks get their parameters' types
    if (property.parent !== object && !isTypedObject(property.parent as ts.ObjectLiteralExpression)) return null
    const value = propertyValue(property)
    return value && ts.isObjectLiteralExpression(value) ? value : null
  }
  const byHand = (where: string, what: string) =>
    notes.push(`${fileName}: set ${what} in \`${where}\` by hand: kit-auth cannot read it.`)
  /** Adds the missing members of `wanted` to `object` in one edit set; the names go to the report. */
  const merge = (object: ts.ObjectLiteralExpression, path: string, wanted: Member[]) => {
    const missing = wanted.filter(([name]) => !findProperty(object, name))
    if (missing.length === 0) return
    edits.push(
      ...addProperties(
        text,
        sourceFile,
        object,
        [],
        missing.map(([, lines]) => lines),
        unit,
      ),
    )
    changes.push(...missing.map(([name]) => `${path}.${name}`))
  }
  /** A top-level option: merged into the object there, created when there is none. */
  const option = (name: string, wanted: Member[], comment: string[] = []) => {
    const value = objectAt(config, name)
    if (value === 'missing') {
      if (config && optionProperty(config, name) === 'unknown')
        return byHand('the Better Auth options (they spread another object)', name)
      topLevel.push([...comment, `${name}: {`, ...wanted.flatMap(([, lines]) => indent(lines)), '}'])
      changes.push(name)
      return
    }
    if (value === null) return byHand(name, wanted.map(([member]) => member).join(', '))
    merge(value, name, wanted)
  }
  const indent = (lines: string[]) =>
    lines.map((line, index) => `${unit}${line}${index === lines.length - 1 ? ',' : ''}`)
  /** A callback already there is kept; one of the app's own (not sending through authEmails) is reported. */
  const ownCallback = (object: string, name: string) => {
    const value = objectAt(config, object)
    const callback = value === 'missing' || value === null ? undefined : findProperty(value, name)
    if (!callback) return false
    if (!new RegExp(`\\b${email.local.authEmails}\\b`).test(callback.getText(sourceFile)))
      yours.push(`${object}.${name}`)
    return true
  }

  const sendReset = options.passwordReset && !ownCallback('emailAndPassword', 'sendResetPassword')
  const emailAndPassword = ours(emailAndPasswordMembers(options, sendReset))
  // Password reset and a required verification are about password accounts: an instance without
  // them is not given a sign-in method it did not have.
  if (emailAndPassword.length > 0 && objectAt(config, 'emailAndPassword') === 'missing')
    notes.push(
      `${fileName} has no \`emailAndPassword\` option: enable it (\`emailAndPassword: { enabled: true }\`) ` +
        `and run the command again to add ${emailAndPassword.map(([name]) => name).join(', ')}.`,
    )
  else if (emailAndPassword.length > 0) {
    usesEmail ||= emailAndPassword.some(([name]) => name === 'sendResetPassword')
    option('emailAndPassword', emailAndPassword)
  }

  if (options.emailVerification) {
    if (!ownCallback('emailVerification', 'sendVerificationEmail')) {
      usesEmail = true
      const { members, comment } = verificationMembers(options)
      option('emailVerification', ours(members), comment)
    }
    const user = objectAt(config, 'user')
    if (user === 'missing' || user === null || !findProperty(user, 'changeEmail')) {
      usesEmail ||= options.changeEmailVerification
      option('user', ours([changeEmailMember(options, unit)]))
    }
  }
  edits.push(...addCallOptions(text, sourceFile, call, config, [], topLevel, unit))
  if (usesEmail && changes.length > 0) edits.push(...email.edits)
  return { edits, notes, changes, data: { yours } }
}
