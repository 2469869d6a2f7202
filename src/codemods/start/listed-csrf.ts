import ts from '../../../lib/typescript.js'
import { localNamesOf, topLevelBindings } from '../js/bindings.js'
import { findProperty, propertyName, propertyValue } from '../js/objects.js'
import { resolveConst, unwrap } from '../js/unwrap.js'

/** `@tanstack/react-start`, `@tanstack/solid-start`...: where `createCsrfMiddleware` comes from. */
const isStartModule = (specifier: string) => /^@tanstack\/[a-z]+-start$/.test(specifier)

/** A CSRF middleware the start options really list, and whether it still covers server functions. */
export interface ListedCsrf {
  /** How the list names it (`csrf`, `csrfMiddleware`, `createCsrfMiddleware({...})`). */
  text: string
  /** `createCsrfMiddleware`: Start's own; `kit-auth`: the `csrfMiddleware` kit-auth generated. */
  kind: 'createCsrfMiddleware' | 'kit-auth'
  /** Why it does not check every server-function call (empty: it does). */
  weakened: string[]
}

export interface ListedCsrfOptions {
  /** kit-auth's module and the name its CSRF middleware has there (`csrfMiddleware`). */
  from: string
  name: string
}

/**
 * The CSRF middleware listed in `requestMiddleware` (directly, through a const of the file, or
 * spread from one): `createCsrfMiddleware(...)` calls with what weakens them, and kit-auth's own
 * `csrfMiddleware` imported from its request-middleware module (any alias of it). A commented-out
 * call or a constant the list does not use is not listed.
 *
 * @example listedCsrf(sourceFile, startOptions, { from: '#/lib/auth/request-middleware', name: 'csrfMiddleware' })
 */
export function listedCsrf(
  sourceFile: ts.SourceFile,
  startOptions: ts.ObjectLiteralExpression,
  options: ListedCsrfOptions,
): ListedCsrf[] {
  const property = findProperty(startOptions, 'requestMiddleware')
  const value = property ? propertyValue(property) : null
  if (!value) return []
  const creators = localNamesOf(sourceFile, isStartModule, 'createCsrfMiddleware')
  const bindings = topLevelBindings(sourceFile)
  const ownModule = (specifier: string) =>
    specifier === options.from || specifier.replace(/\.[cm]?[jt]s$/, '').endsWith(`/${lastSegment(options.from)}`)
  const found: ListedCsrf[] = []
  for (const element of listElements(value)) {
    const text = element.getText(sourceFile)
    const target = unwrap(element)
    const binding = ts.isIdentifier(target) ? bindings.get(target.text) : undefined
    if (binding?.kind === 'import' && binding.imported === options.name && binding.from && ownModule(binding.from)) {
      found.push({ text, kind: 'kit-auth', weakened: [] })
      continue
    }
    const call = resolveConst(target)
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && creators.has(call.expression.text))
      found.push({ text, kind: 'createCsrfMiddleware', weakened: weaknessesOf(call, sourceFile) })
  }
  return found
}

/** The elements of a middleware list: an array literal or a const of one, spreads of such lists flattened. */
function listElements(value: ts.Expression, depth = 0): ts.Expression[] {
  const list = resolveConst(value)
  if (!ts.isArrayLiteralExpression(list) || depth > 5) return []
  return list.elements.flatMap((element) =>
    ts.isSpreadElement(element) ? listElements(element.expression, depth + 1) : [element],
  )
}

/** Why a `createCsrfMiddleware(options)` lets cross-site server-function calls through. */
function weaknessesOf(call: ts.CallExpression, sourceFile: ts.SourceFile): string[] {
  const [argument] = call.arguments
  if (!argument) return []
  const options = resolveConst(argument)
  if (!ts.isObjectLiteralExpression(options)) return ['its options are not an object kit-auth can read']
  const reasons: string[] = []
  for (const property of options.properties) {
    if (ts.isSpreadAssignment(property)) {
      reasons.push('its options spread another object kit-auth cannot read')
      continue
    }
    const name = property.name && propertyName(property.name)
    const value = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : null
    const shown = (value ?? property).getText(sourceFile).replace(/\s+/g, ' ')
    if (name === 'allowRequestsWithoutOriginCheck' && value?.kind !== ts.SyntaxKind.FalseKeyword) {
      reasons.push(
        `allowRequestsWithoutOriginCheck: ${shown} lets requests with no Origin, Sec-Fetch-Site or Referer through`,
      )
    } else if (name === 'filter' && !(value && coversServerFunctions(value))) {
      reasons.push(`its filter (${shown}) does not check every server-function call`)
    } else if (name === 'secFetchSite' && !(value && ts.isStringLiteralLike(value) && value.text === 'same-origin')) {
      reasons.push(`secFetchSite: ${shown} accepts more than same-origin requests`)
    }
  }
  return reasons
}

/** `(ctx) => ctx.handlerType === 'serverFn'` (either side, `==` too, a block returning it) or `() => true`. */
function coversServerFunctions(filter: ts.Expression): boolean {
  const fn = resolveConst(filter)
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false
  const body = ts.isBlock(fn.body)
    ? fn.body.statements.length === 1 && ts.isReturnStatement(fn.body.statements[0]!)
      ? fn.body.statements[0].expression
      : undefined
    : fn.body
  const test = body && unwrap(body)
  if (!test) return false
  if (test.kind === ts.SyntaxKind.TrueKeyword) return true
  if (!ts.isBinaryExpression(test)) return false
  const equals = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken]
  if (!equals.includes(test.operatorToken.kind)) return false
  const sides = [unwrap(test.left), unwrap(test.right)]
  const isHandlerType = (node: ts.Expression) =>
    (ts.isPropertyAccessExpression(node) ? node.name : node).getText() === 'handlerType'
  const isServerFn = (node: ts.Expression) => ts.isStringLiteralLike(node) && node.text === 'serverFn'
  return sides.some(isHandlerType) && sides.some(isServerFn)
}

function lastSegment(specifier: string): string {
  return specifier.split('/').at(-1) ?? specifier
}
