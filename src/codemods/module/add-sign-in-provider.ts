import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { addElements } from '../js/arrays.js'
import { findProperty, propertyValue } from '../js/objects.js'
import { objectLiteralOf, unwrap } from '../js/unwrap.js'
import { refuse, type Transform } from '../transform.js'

export interface SignInProviderEntry {
  /** The provider id (`github`, `oidc`): it names the callback path. */
  id: string
  /** The button's label: "Continue with <label>". */
  label: string
  /** A provider of the generic OAuth plugin (`kit-auth add oidc`), not a built-in one. */
  generic: boolean
}

export interface AddSignInProviderOptions {
  providers: SignInProviderEntry[]
  style: CodeStyle
}

/** The name of the list in lib/auth/sign-in-providers.ts. */
export const SIGN_IN_PROVIDERS = 'SIGN_IN_PROVIDERS'

/**
 * A string literal in the app's quotes, escaped (a label is whatever `--name` said).
 *
 * @example stringLiteral("Bob's SSO", { quote: 'single' }) // "'Bob\\'s SSO'"
 */
export function stringLiteral(text: string, style: Pick<CodeStyle, 'quote'>): string {
  const json = JSON.stringify(text)
  if (style.quote === 'double') return json
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`
}

/**
 * The list item of one provider, as lib/auth/sign-in-providers.ts writes it.
 *
 * @example providerItem({ id: 'github', label: 'GitHub', generic: false }, style)
 *   // "{ id: 'github', label: 'GitHub' }"
 */
export function providerItem(provider: SignInProviderEntry, style: Pick<CodeStyle, 'quote'>): string {
  const generic = provider.generic ? ', generic: true' : ''
  return `{ id: ${stringLiteral(provider.id, style)}, label: ${stringLiteral(provider.label, style)}${generic} }`
}

/**
 * Adds providers to the `SIGN_IN_PROVIDERS` list of lib/auth/sign-in-providers.ts (the buttons on
 * the sign-in, sign-up and account pages read it). A provider whose id is listed is left as it is.
 *
 * @example runTransform(text, 'src/lib/auth/sign-in-providers.ts', addSignInProvider, { providers, style })
 */
export const addSignInProvider: Transform<AddSignInProviderOptions> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const declaration = sourceFile.statements
    .filter(ts.isVariableStatement)
    .flatMap((statement) => [...statement.declarationList.declarations])
    .find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === SIGN_IN_PROVIDERS)
  const list = declaration?.initializer && unwrap(declaration.initializer)
  if (!list || !ts.isArrayLiteralExpression(list))
    throw refuse(
      fileName,
      `no \`${SIGN_IN_PROVIDERS} = [...]\` list found, so kit-auth cannot add its button.`,
      `Add ${options.providers.map((provider) => providerItem(provider, options.style)).join(', ')} to the buttons ` +
        `by hand.`,
    )
  const listed = new Set(
    list.elements.flatMap((element) => {
      const object = objectLiteralOf(element)
      const id = object ? findProperty(object, 'id') : undefined
      const value = id && propertyValue(id)
      return value && ts.isStringLiteralLike(value) ? [value.text] : []
    }),
  )
  const missing = options.providers.filter((provider) => !listed.has(provider.id))
  return {
    edits: addElements(
      text,
      sourceFile,
      list,
      missing.map((provider) => providerItem(provider, options.style)),
      null,
      options.style.indent || '  ',
    ),
    changes: missing.map((provider) => provider.id),
  }
}
