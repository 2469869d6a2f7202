import ts from '../../lib/typescript.js'
import { KitError } from '../core/errors.js'
import { propertyName } from '../project/ast.js'
import type { CodeStyle } from '../project/types.js'
import { applyEdits, indentAt, type TextEdit } from './edits.js'
import { addNamedImports } from './imports.js'

export interface MergeStartOptions {
  /** Module that exports the middleware, e.g. `#/lib/auth/request-middleware`. */
  from: string
  /** Request middleware to run first, in order, e.g. `['securityHeadersMiddleware', 'csrfMiddleware']`. */
  middleware: string[]
  /** A middleware that makes ours redundant when already listed (e.g. `csrfMiddleware` when the file calls `createCsrfMiddleware`). */
  skipWhenPresent?: Record<string, (text: string) => boolean>
  style: CodeStyle
}

/**
 * Adds request middleware to an existing start file: finds `createStart(() => ({...}))` (arrow
 * or block body, async or not), puts the middleware first in its `requestMiddleware` array (after
 * Sentry's, which must stay first)
 * (creating the property when missing, spreading a variable when the list is not a literal)
 * and imports them. Everything else in the file stays byte-identical.
 *
 * @example mergeStart(text, 'src/start.ts', { from: '#/lib/auth/request-middleware', middleware: ['csrfMiddleware'], style })
 */
export function mergeStart(text: string, fileName: string, options: MergeStartOptions): string {
  const sourceFile = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const options_ = findStartOptions(sourceFile, fileName)
  const wanted = options.middleware.filter((name) => {
    const skip = options.skipWhenPresent?.[name]
    return !skip?.(text)
  })
  const property = options_.properties.find(
    (element): element is ts.PropertyAssignment | ts.ShorthandPropertyAssignment =>
      (ts.isPropertyAssignment(element) || ts.isShorthandPropertyAssignment(element)) &&
      propertyName(element.name) === 'requestMiddleware',
  )
  const list =
    property && ts.isPropertyAssignment(property) && ts.isArrayLiteralExpression(property.initializer)
      ? property.initializer
      : null
  const missing = wanted.filter(
    (name) => !list?.elements.some((element) => ts.isIdentifier(element) && element.text === name),
  )
  if (missing.length === 0) return text

  const edits: TextEdit[] = []
  const container = list ?? options_
  const sep = isMultiline(text, container, (list ? list.elements : options_.properties)[0], sourceFile)
  if (list) {
    // Ours run first, except after middleware whose vendor requires it first (Sentry's).
    const first = list.elements.find((element) => !MUST_STAY_FIRST.test(middlewareName(element) ?? ''))
    const last = list.elements[list.elements.length - 1]
    if (first) {
      const start = first.getStart(sourceFile)
      edits.push({
        start,
        end: start,
        text: missing.map((name) => `${name},${sep ? `\n${indentAt(text, start)}` : ' '}`).join(''),
      })
    } else if (last) {
      const indent = indentAt(text, last.getStart(sourceFile))
      edits.push({
        start: last.end,
        end: last.end,
        text: missing.map((name) => `,${sep ? `\n${indent}` : ' '}${name}`).join(''),
      })
    } else {
      edits.push({ start: list.elements.pos, end: list.elements.end, text: missing.join(', ') })
    }
  } else if (property) {
    // `requestMiddleware: someList` or shorthand: keep theirs, put ours first.
    const value = ts.isPropertyAssignment(property)
      ? property.initializer.getText(sourceFile)
      : property.name.getText(sourceFile)
    const replacement = `requestMiddleware: [${missing.join(', ')}, ...${value}]`
    edits.push({ start: property.getStart(sourceFile), end: property.end, text: replacement })
  } else {
    const first = options_.properties[0]
    const value = `requestMiddleware: [${missing.join(', ')}]`
    if (first) {
      const start = first.getStart(sourceFile)
      edits.push({ start, end: start, text: `${value},${sep ? `\n${indentAt(text, start)}` : ' '}` })
    } else {
      const open = options_.getStart(sourceFile) + 1
      edits.push({ start: open, end: options_.end - 1, text: ` ${value} ` })
    }
  }
  edits.push(...addNamedImports(sourceFile, { from: options.from, names: missing }, options.style))
  return applyEdits(text, edits)
}

/** Global middleware that documents "add it as the first entry" (Sentry's request and function middleware). */
const MUST_STAY_FIRST = /^sentry/i

/** `name` for `name`, `name()`, `ns.name` and `ns.name()`. */
function middlewareName(element: ts.Expression): string | null {
  const target = ts.isCallExpression(element) ? element.expression : element
  if (ts.isIdentifier(target)) return target.text
  if (ts.isPropertyAccessExpression(target)) return target.name.text
  return null
}

/** The object literal the `createStart` callback returns. */
function findStartOptions(sourceFile: ts.SourceFile, fileName: string): ts.ObjectLiteralExpression {
  let call: ts.CallExpression | undefined
  const visit = (node: ts.Node): void => {
    if (call) return
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'createStart')
      call = node
    else ts.forEachChild(node, visit)
  }
  visit(sourceFile)
  const unsupported = (what: string) =>
    new KitError(
      `${fileName}: ${what}, so kit-auth cannot add its CSRF and security-headers middleware safely.`,
      `Add them by hand: import { csrfMiddleware, securityHeadersMiddleware } and list them first in requestMiddleware.`,
    )
  if (!call) throw unsupported('no createStart(...) call found')
  const callback = call.arguments[0]
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)))
    throw unsupported('createStart is not given an inline function')
  const returned = returnedExpression(callback)
  if (!returned) throw unsupported('the createStart callback does not return an object literal')
  return returned
}

function returnedExpression(fn: ts.ArrowFunction | ts.FunctionExpression): ts.ObjectLiteralExpression | null {
  if (!ts.isBlock(fn.body)) return objectLiteral(fn.body)
  const returns = fn.body.statements.filter(ts.isReturnStatement)
  const last = returns.at(-1)
  return last?.expression ? objectLiteral(last.expression) : null
}

function objectLiteral(expression: ts.Expression): ts.ObjectLiteralExpression | null {
  let current = expression
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))
    current = current.expression
  return ts.isObjectLiteralExpression(current) ? current : null
}

/** True when the container (array or object) puts its first item on a new line. */
function isMultiline(text: string, container: ts.Node, first: ts.Node | undefined, sourceFile: ts.SourceFile): boolean {
  return first ? text.slice(container.getStart(sourceFile), first.getStart(sourceFile)).includes('\n') : false
}
