import ts from '../../../lib/typescript.js'
import type { TextEdit } from '../js/edits.js'
import { walk } from '../js/parse.js'
import type { Transform } from '../transform.js'

export interface OfferPasskeyAutofillOptions {
  /** The sign-in page component's function (`SignInPage`). */
  component: string
  /**
   * The app lints with oxlint, whose jsx-a11y/autocomplete-valid does not know `webauthn`: say so above the attribute.
   */
  oxlint?: boolean
}

/** Above an `autoComplete` attribute on its own line, in an app linted by oxlint. */
const OXLINT_NOTE =
  "// oxlint-disable-next-line jsx-a11y/autocomplete-valid -- 'webauthn' is a valid autofill token (HTML), " +
  "missing from the rule's list"

const TOKEN = 'webauthn'

/**
 * Lets the browser offer passkeys in the sign-in page's email field (WebAuthn conditional UI): the
 * `<input name="email">` of kit-auth's sign-in page gets `webauthn` as the last token of its
 * `autoComplete` (`email webauthn`), which browsers require before they autofill a passkey. An input
 * that has it is `present`; a page without such an input is `unrecognised` (not edited).
 *
 * @example runTransform(text, 'src/routes/sign-in.tsx', offerPasskeyAutofill, { component: 'SignInPage' })
 */
export const offerPasskeyAutofill: Transform<
  OfferPasskeyAutofillOptions,
  { status: 'added' | 'present' | 'unrecognised' }
> = (file, options) => {
  const { sourceFile } = file
  const component = sourceFile.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) && statement.name?.text === options.component,
  )
  const input = component
    ? [...walk(component)].find(
        (node): node is ts.JsxSelfClosingElement | ts.JsxOpeningElement =>
          (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) &&
          node.tagName.getText(sourceFile) === 'input' &&
          stringAttribute(node, 'name')?.text === 'email',
      )
    : undefined
  if (!input) return { edits: [], data: { status: 'unrecognised' } }
  const autoComplete = attribute(input, 'autoComplete')
  if (!autoComplete) {
    const at = input.tagName.end
    const edit: TextEdit = { start: at, end: at, text: ` autoComplete="username ${TOKEN}"` }
    return { edits: [edit], changes: ['autoComplete'], data: { status: 'added' } }
  }
  const value = stringAttribute(input, 'autoComplete')
  if (!value) return { edits: [], data: { status: 'unrecognised' } }
  const tokens = value.text.split(/\s+/).filter(Boolean)
  if (tokens.at(-1) === TOKEN) return { edits: [], data: { status: 'present' } }
  const next = [...tokens.filter((token) => token !== TOKEN), TOKEN].join(' ')
  const quote = value.getText(sourceFile).charAt(0)
  const edits: TextEdit[] = [{ start: value.getStart(sourceFile), end: value.end, text: `${quote}${next}${quote}` }]
  const start = autoComplete.getStart(sourceFile)
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1
  const indent = file.text.slice(lineStart, start)
  if (options.oxlint && /^[ \t]*$/.test(indent))
    edits.unshift({ start: lineStart, end: lineStart, text: `${indent}${OXLINT_NOTE}\n` })
  return {
    edits,
    changes: ['autoComplete'],
    data: { status: 'added' },
  }
}

function attribute(element: ts.JsxSelfClosingElement | ts.JsxOpeningElement, name: string) {
  return element.attributes.properties.find(
    (property): property is ts.JsxAttribute =>
      ts.isJsxAttribute(property) && ts.isIdentifier(property.name) && property.name.text === name,
  )
}

/** The string literal an attribute is set to (`name="email"`), or undefined. */
function stringAttribute(element: ts.JsxSelfClosingElement | ts.JsxOpeningElement, name: string) {
  const initializer = attribute(element, name)?.initializer
  return initializer && ts.isStringLiteral(initializer) ? initializer : undefined
}
