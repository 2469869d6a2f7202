import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { quoted } from '../js/imports.js'
import { addProperties, findProperty, insertProperty, propertyName, propertyValue } from '../js/objects.js'
import { walk } from '../js/parse.js'
import { objectLiteralOf } from '../js/unwrap.js'
import type { Transform } from '../transform.js'
import { redirectFunctionEdits } from './search-function.js'
import { searchSchemaObject } from './search-schema.js'

export interface RedirectSearch {
  /**
   * `added`: a `validateSearch` was added; `extended`: `redirect` was added to the object schema of the route's own
   * `validateSearch` (`where` names it); `present`: the route has a `validateSearch` already, left as it is;
   * `unsupported`: no options object kit-auth can see.
   */
  status: 'added' | 'extended' | 'present' | 'unsupported'
  /** True when its `validateSearch` (now) names `redirect`. */
  mentionsRedirect: boolean
  /** For `extended`: what was given the key (`the zod schema`). */
  where?: string
}

/**
 * Makes a route accept the `redirect` search param the generated guards send to sign-in
 * (`redirect({ to, search: { redirect } })` does not type-check against a route without
 * `validateSearch`): adds a `validateSearch` that keeps an optional `redirect` string as the first
 * option of its `createFileRoute(...)({...})`; a `validateSearch` of the route's own whose object schema it can see
 * (`search-schema.ts`) gets an optional `redirect` key instead, since zod and valibot drop the keys they do not name.
 *
 * @example runTransform(text, 'src/routes/login.tsx', addRedirectSearch, { style }).data?.status // 'added'
 */
export const addRedirectSearch: Transform<{ style: CodeStyle }, RedirectSearch> = (file, options) => {
  const { text, sourceFile } = file
  let routeOptions: ts.ObjectLiteralExpression | null = null
  for (const node of walk(sourceFile)) {
    if (
      ts.isCallExpression(node) &&
      ts.isCallExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'createFileRoute'
    ) {
      routeOptions = objectLiteralOf(node.arguments[0])
      if (routeOptions) break
    }
  }
  if (!routeOptions) return { edits: [], data: { status: 'unsupported', mentionsRedirect: false } }
  const existing = findProperty(routeOptions, 'validateSearch')
  if (existing) {
    const value = propertyValue(existing)
    const schema = value && searchSchemaObject(value, options.style)
    if (schema && !schema.hasRedirect) {
      const names = schema.object.properties.flatMap((element) => {
        const name = element.name && propertyName(element.name)
        return name ? [name] : []
      })
      const unit = options.style.indent || '  '
      return {
        edits: insertProperty(text, sourceFile, schema.object, schema.property, unit, new Set(names)),
        data: { status: 'extended', mentionsRedirect: true, where: schema.what },
      }
    }
    // a hand-written function of optional keys, typed as kit-auth types its own: its object and type get the key
    const edits = value && !schema ? redirectFunctionEdits(text, sourceFile, value, options.style) : null
    if (edits) return { edits, data: { status: 'extended', mentionsRedirect: true, where: 'the object it returns' } }
    const mentionsRedirect = schema ? true : /\bredirect\b/.test(existing.getText(sourceFile))
    return { edits: [], data: { status: 'present', mentionsRedirect } }
  }
  const unit = options.style.indent || '  '
  const property = [
    // destructured, not `search.redirect`: that is TS4111 under `noPropertyAccessFromIndexSignature`
    'validateSearch: ({ redirect }: Record<string, unknown>): { redirect?: string } => ({',
    `${unit}redirect: typeof redirect === ${quoted('string', options.style)} ? redirect : undefined,`,
    '})',
  ]
  return {
    edits: addProperties(text, sourceFile, routeOptions, [property], [], unit),
    data: { status: 'added', mentionsRedirect: true },
  }
}
