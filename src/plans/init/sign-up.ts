import type { SignUpField } from '../../codemods/auth/sign-up-fields.js'
import type { Adoption } from '../adopt.js'

/** One more input of kit-auth's sign-up form, for a user field the app's instance requires (`sign-up.tsx.hbs`). */
export interface SignUpInput {
  /** The key in `signUp.email({...})`, as code (`username`, `'display-name'`). */
  key: string
  /** The form field's name, inside a single-quoted string. */
  name: string
  label: string
  /** The form's input for it; null for a field the server does not require and no input can carry (a date). */
  inputType: 'text' | 'number' | 'checkbox' | null
  checkbox: boolean
  /** What the form sends for it, typed as the field is (`Number(formText(form, 'age'))`). */
  value: string
  /**
   * The server does not require it (no `required: true`): no HTML `required`, and `value` is an object spread into
   * the body, with the key only when filled (`{}` for a date), cast to the client's type, which names the key.
   */
  optional: boolean
}

/** The user fields the app's instance requires at sign-up (`user.additionalFields`, `required: true`). */
export function requiredSignUpFieldsOf(adoption: Adoption): SignUpField[] {
  return adoption.instance?.signUpFields ?? []
}

/**
 * Those the server requires and kit-auth's form cannot ask for (a date, a list, an enum): with one, kit-auth writes
 * no sign-up page. One the server does not require (no `required: true`) is left out of the form instead.
 */
export function unrenderedSignUpFields(adoption: Adoption): SignUpField[] {
  return requiredSignUpFieldsOf(adoption).filter((field) => field.type === null && field.serverRequired)
}

/** `favoriteColor` -> `Favorite color`, `display_name` -> `Display name`. */
function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/**
 * The inputs kit-auth's sign-up form adds for the fields the client's types require: a text, number or checkbox
 * input each, sent as the type the field declares (a checkbox sends `false` when unticked: required means sent). A
 * field the server does not require gets no HTML `required` and is sent only when filled (a date: never asked for).
 *
 * @example signUpInputs(adoption)[0] // { key: 'username', inputType: 'text', value: "formText(form, 'username')" }
 */
export function signUpInputs(adoption: Adoption): SignUpInput[] {
  return requiredSignUpFieldsOf(adoption).flatMap((field) => {
    if (field.type === null && field.serverRequired) return []
    const name = field.name.replace(/[\\']/g, '\\$&')
    const key = /^[A-Za-z_$][\w$]*$/.test(field.name) ? field.name : `'${name}'`
    const text = `formText(form, '${name}')`
    const [inputType, sent] =
      field.type === null
        ? ([null, ''] as const)
        : field.type === 'boolean'
          ? (['checkbox', `form.get('${name}') === 'on'`] as const)
          : field.type === 'number'
            ? (['number', `Number(${text})`] as const)
            : (['text', text] as const)
    const optional = !field.serverRequired
    const value = !optional
      ? sent
      : inputType === null
        ? '{}'
        : inputType === 'checkbox'
          ? `{ ${key}: ${sent} }`
          : `(${text} ? { ${key}: ${sent} } : {})`
    return [{ key, name, label: labelOf(field.name), inputType, checkbox: inputType === 'checkbox', value, optional }]
  })
}

/** What the report says about the fields the instance requires at sign-up, when it requires any. */
export function signUpFieldsNote(adoption: Adoption, signUpFile: string): string | null {
  const fields = requiredSignUpFieldsOf(adoption)
  const file = adoption.instance?.file
  if (fields.length === 0 || adoption.signUp || !file) return null
  const list = (some: SignUpField[]) => some.map((field) => `\`${field.name}\``).join(', ')
  const unrendered = unrenderedSignUpFields(adoption)
  if (unrendered.length > 0) {
    const types = unrendered.map((field) => `\`${field.name}\` (type ${field.written})`).join(', ')
    return (
      `kit-auth wrote no sign-up page: your instance in ${file} requires ${types} at sign-up, which kit-auth's form ` +
      `cannot ask for (it asks for strings, numbers and booleans). Sign-up stays your app's to add (it must send ` +
      `${list(fields)}); everything else is in place.`
    )
  }
  const required = fields.filter((field) => field.serverRequired)
  const optional = fields.filter((field) => !field.serverRequired)
  const notes: string[] = []
  if (required.length > 0)
    notes.push(
      `Your instance in ${file} requires ${list(required)} at sign-up (user.additionalFields): ${signUpFile} ` +
        `asks for ${required.length === 1 ? 'it' : 'them'}.`,
    )
  if (optional.length > 0) {
    const unasked = optional.filter((field) => field.type === null)
    notes.push(
      `${list(optional)} in ${file} (user.additionalFields, no \`required: true\`) ` +
        `${optional.length === 1 ? 'is' : 'are'} optional on your server: ${signUpFile} sends ` +
        `${optional.length === 1 ? 'it' : 'them'} only when filled in (a checkbox always)` +
        (unasked.length > 0 ? ` and does not ask for ${list(unasked)} (no form input for its type).` : '.'),
    )
  }
  return notes.join(' ')
}
