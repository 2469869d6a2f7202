import type { SignUpField } from '../../codemods/auth/sign-up-fields.js'
import type { Adoption } from '../adopt.js'

/** One more input of kit-auth's sign-up form, for a user field the app's instance requires (`sign-up.tsx.hbs`). */
export interface SignUpInput {
  /** The key in `signUp.email({...})`, as code (`username`, `'display-name'`). */
  key: string
  /** The form field's name, inside a single-quoted string. */
  name: string
  label: string
  inputType: 'text' | 'number' | 'checkbox'
  checkbox: boolean
  /** What the form sends for it, typed as the field is (`Number(formText(form, 'age'))`). */
  value: string
}

/** The user fields the app's instance requires at sign-up (`user.additionalFields`, `required: true`). */
export function requiredSignUpFieldsOf(adoption: Adoption): SignUpField[] {
  return adoption.instance?.signUpFields ?? []
}

/** Those kit-auth's form cannot ask for (a date, a list, an enum): with one, kit-auth writes no sign-up page. */
export function unrenderedSignUpFields(adoption: Adoption): SignUpField[] {
  return requiredSignUpFieldsOf(adoption).filter((field) => field.type === null)
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
 * The inputs kit-auth's sign-up form adds for the fields the instance requires: a text, number or checkbox input
 * each, sent as the type the field declares (a checkbox sends `false` when unticked: required means sent).
 *
 * @example signUpInputs(adoption)[0] // { key: 'username', inputType: 'text', value: "formText(form, 'username')" }
 */
export function signUpInputs(adoption: Adoption): SignUpInput[] {
  return requiredSignUpFieldsOf(adoption).flatMap((field) => {
    if (field.type === null) return []
    const name = field.name.replace(/[\\']/g, '\\$&')
    const key = /^[A-Za-z_$][\w$]*$/.test(field.name) ? field.name : `'${name}'`
    const text = `formText(form, '${name}')`
    const [inputType, value] =
      field.type === 'boolean'
        ? (['checkbox', `form.get('${name}') === 'on'`] as const)
        : field.type === 'number'
          ? (['number', `Number(${text})`] as const)
          : (['text', text] as const)
    return [{ key, name, label: labelOf(field.name), inputType, checkbox: inputType === 'checkbox', value }]
  })
}

/** What the report says about the fields the instance requires at sign-up, when it requires any. */
export function signUpFieldsNote(adoption: Adoption, signUpFile: string): string | null {
  const required = requiredSignUpFieldsOf(adoption)
  const file = adoption.instance?.file
  if (required.length === 0 || adoption.signUp || !file) return null
  const names = required.map((field) => `\`${field.name}\``).join(', ')
  const unrendered = unrenderedSignUpFields(adoption)
  if (unrendered.length === 0)
    return (
      `Your instance in ${file} requires ${names} at sign-up (user.additionalFields): ${signUpFile} asks for ` +
      (required.length === 1 ? 'it.' : 'them.')
    )
  const types = unrendered.map((field) => `\`${field.name}\` (type ${field.written})`).join(', ')
  return (
    `kit-auth wrote no sign-up page: your instance in ${file} requires ${types} at sign-up, which kit-auth's form ` +
    `cannot ask for (it asks for strings, numbers and booleans). Sign-up stays your app's to add (it must send ` +
    `${names}); everything else is in place.`
  )
}
