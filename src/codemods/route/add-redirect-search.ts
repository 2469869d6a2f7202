import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { quoted } from '../js/imports.js'
import { addProperties, findProperty } from '../js/objects.js'
import { walk } from '../js/parse.js'
import { objectLiteralOf } from '../js/unwrap.js'
import type { Transform } from '../transform.js'

export interface RedirectSearch {
  /** `present`: the route has a `validateSearch` already; `unsupported`: no options object kit-auth can see. */
  status: 'added' | 'present' | 'unsupported'
  /** True when its `validateSearch` (now) names `redirect`. */
  mentionsRedirect: boolean
}

/**
 * Makes a route accept the `redirect` search param the generated guards send to sign-in
 * (`redirect({ to, search: { redirect } })` does not type-check against a route without
 * `validateSearch`): adds a `validateSearch` that keeps an optional `redirect` string as the first
 * option of its `createFileRoute(...)({...})`.
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
    const mentionsRedirect = /\bredirect\b/.test(existing.getText(sourceFile))
    return { edits: [], data: { status: 'present', mentionsRedirect } }
  }
  const unit = options.style.indent || '  '
  const property = [
    'validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({',
    `${unit}redirect: typeof search.redirect === ${quoted('string', options.style)} ? search.redirect : undefined,`,
    '})',
  ]
  return {
    edits: addProperties(text, sourceFile, routeOptions, [property], [], unit),
    data: { status: 'added', mentionsRedirect: true },
  }
}
