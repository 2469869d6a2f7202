import ts from '../../../lib/typescript.js'
import { isMemberName } from '../js/bindings.js'
import { exportedName } from '../js/exports.js'
import { findProperty, propertyValue } from '../js/objects.js'
import { walk } from '../js/parse.js'
import { objectLiteralOf, resolveConst, unwrap } from '../js/unwrap.js'

/** How many spreads deep the lookups below follow (guards against cycles). */
const MAX_DEPTH = 5

/**
 * A Better Auth option, looking through spreads of same-file objects as Better Auth's docs write them
 * (`const options = {...}; betterAuth({ ...options, plugins: [...] })`): the object's own property first, then the
 * last spread that has it. `unknown` when a spread kit-auth cannot read may hold it; undefined when none has it.
 *
 * @example optionProperty(config, 'emailAndPassword') // `emailAndPassword: { enabled: true }` of `options`
 */
export function optionProperty(
  object: ts.ObjectLiteralExpression,
  name: string,
  depth = 0,
): ts.ObjectLiteralElementLike | 'unknown' | undefined {
  const own = findProperty(object, name)
  if (own) return own
  const spreads = object.properties.filter(ts.isSpreadAssignment).reverse()
  for (const spread of spreads) {
    const source = depth < MAX_DEPTH ? objectLiteralOf(spread.expression) : null
    if (!source) return 'unknown'
    const found = optionProperty(source, name, depth + 1)
    if (found) return found
  }
  return undefined
}

/** A plugin of an instance and the array literal that lists it (the instance's own, or one it spreads). */
export interface ListedPlugin {
  element: ts.Expression
  list: ts.ArrayLiteralExpression
  /** Listed in a branch of a conditional spread (`...(captcha ? [captcha(...)] : [])`): there only sometimes. */
  conditional?: true
}

/**
 * Every plugin an instance's `plugins` array lists, through its `...spread` elements that name a same-file array
 * (`...(options.plugins ?? [])`, `...basePlugins`), and both branches of a conditional one (`...(on ? [captcha()] : [])`,
 * `conditional`); `unread` is the first spread it cannot follow.
 *
 * @example listedPlugins(list).plugins.map(({ element }) => element.getText()) // ['admin()', 'customSession(...)']
 */
export function listedPlugins(
  list: ts.ArrayLiteralExpression,
  depth = 0,
  conditional = false,
): { plugins: ListedPlugin[]; unread: ts.Expression | null } {
  const plugins: ListedPlugin[] = []
  let unread: ts.Expression | null = null
  for (const element of list.elements) {
    if (!ts.isSpreadElement(element)) {
      plugins.push(conditional ? { element, list, conditional } : { element, list })
      continue
    }
    const branches = conditionalArrays(element.expression)
    const sources = depth >= MAX_DEPTH ? null : (branches ?? [spreadArray(element.expression)])
    if (!sources || sources.includes(null)) {
      unread ??= element
      continue
    }
    for (const source of sources) {
      const inner = listedPlugins(source!, depth + 1, conditional || branches !== null)
      plugins.push(...inner.plugins)
      unread ??= inner.unread
    }
  }
  return { plugins, unread }
}

/** The arrays of `cond ? [a] : []`'s branches (each as `spreadArray` reads it), or null for no conditional. */
function conditionalArrays(expression: ts.Expression): (ts.ArrayLiteralExpression | null)[] | null {
  const node = unwrap(expression)
  return ts.isConditionalExpression(node) ? [spreadArray(node.whenTrue), spreadArray(node.whenFalse)] : null
}

/** The array literal a spread element names: `xs`, `options.plugins`, `(options.plugins ?? [])`, or null. */
export function spreadArray(expression: ts.Expression): ts.ArrayLiteralExpression | null {
  let node = resolveConst(expression)
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    const fallback = unwrap(node.right)
    if (!ts.isArrayLiteralExpression(fallback) || fallback.elements.length > 0) return null
    node = resolveConst(node.left)
  }
  if (ts.isPropertyAccessExpression(node)) {
    const owner = objectLiteralOf(node.expression)
    const property = owner ? optionProperty(owner, node.name.text) : undefined
    const value = property && property !== 'unknown' ? propertyValue(property) : null
    return value && ts.isArrayLiteralExpression(value) ? value : null
  }
  return ts.isArrayLiteralExpression(node) ? node : null
}

/**
 * The array literal of an instance's `plugins`: written there, or a same-file const it names (`plugins: basePlugins`).
 * `unknown` when a spread of the options may hold them, `other` when they are something kit-auth cannot read (a
 * call, an import), null when the options list none.
 */
export function pluginsArray(
  config: ts.ObjectLiteralExpression,
): { list: ts.ArrayLiteralExpression; value: ts.Expression } | 'unknown' | 'other' | null {
  const found = optionProperty(config, 'plugins')
  if (found === 'unknown') return 'unknown'
  if (!found) return null
  const list = propertyValue(found)
  // as written: `basePlugins` of `plugins: basePlugins` (propertyValue resolves it)
  const value = ts.isPropertyAssignment(found)
    ? found.initializer
    : ts.isShorthandPropertyAssignment(found)
      ? found.name
      : null
  return value && list && ts.isArrayLiteralExpression(list) ? { list, value } : 'other'
}

/** The binding an expression reads its array from: `xs`; `options` of `options.plugins`, `(options.plugins ?? [])`. */
function rootBinding(expression: ts.Expression): ts.Identifier | null {
  let node = unwrap(expression)
  if (ts.isBinaryExpression(node)) node = unwrap(node.left)
  while (ts.isPropertyAccessExpression(node)) node = unwrap(node.expression)
  return ts.isIdentifier(node) ? node : null
}

/**
 * True when the array `use` leads to belongs to one instance, so that editing it changes no other code: an array
 * written in place, or a binding of the file that is not exported and that only `instance` (the `betterAuth(...)`
 * call) reads (`...options`, `options.plugins`, `customSession(fn, options)`).
 *
 * @example readOnlyBy(spread.expression, call) // true for `...basePlugins` when nothing else reads basePlugins
 */
export function readOnlyBy(use: ts.Expression, instance: ts.Node): boolean {
  const root = rootBinding(use)
  if (!root) return ts.isArrayLiteralExpression(unwrap(use))
  const sourceFile = use.getSourceFile()
  if (exportedName(sourceFile, root.text)) return false
  for (const node of walk(sourceFile)) {
    if (!ts.isIdentifier(node) || node.text !== root.text) continue
    // its own declaration, or a property of that name (`x.basePlugins`, `{ basePlugins: ... }`), reads nothing
    const named = isMemberName(node) || (ts.isVariableDeclaration(node.parent) && node.parent.name === node)
    if (!named && (node.pos < instance.pos || node.end > instance.end)) return false
  }
  return true
}

/**
 * True when an object literal is typed where it is written (`{...} satisfies BetterAuthOptions`, `as`, or a const with
 * a type): callbacks written into it get their parameters' types, as they do inside `betterAuth({...})`.
 */
export function isTypedObject(object: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = object.parent
  while (ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node) || ts.isAsExpression(node)) {
    if (!ts.isParenthesizedExpression(node)) return true
    node = node.parent
  }
  return ts.isVariableDeclaration(node) && node.type !== undefined
}
