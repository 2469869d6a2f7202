import ts from '../../../lib/typescript.js'
import { localNamesOf } from '../js/bindings.js'
import { findCall } from '../js/calls.js'
import { resolveConst, unwrap } from '../js/unwrap.js'

/** `@tanstack/react-start`, `@tanstack/solid-start`...: where `createStart` comes from. */
const isStartModule = (specifier: string) => /^@tanstack\/[a-z]+-start$/.test(specifier)

/** The options object a start file configures, or what keeps kit-auth from seeing it. */
export type StartOptions = { object: ts.ObjectLiteralExpression } | { problem: string }

/**
 * The object literal the `createStart` callback returns (arrow or block body, async or not, the
 * callback inline or a const of the file), so that transforms can edit the app's start options.
 *
 * @example findStartOptions(sourceFile) // { object: `{ requestMiddleware: [...] }` }
 */
export function findStartOptions(sourceFile: ts.SourceFile): StartOptions {
  const call = findCall(sourceFile, localNamesOf(sourceFile, isStartModule, 'createStart'))
  if (!call) return { problem: 'no createStart(...) call found' }
  const callback = call.arguments[0] && resolveConst(call.arguments[0])
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)))
    return { problem: 'createStart is not given an inline function' }
  const returned = returnedExpression(callback)
  const object = returned && unwrap(returned)
  if (!object || !ts.isObjectLiteralExpression(object))
    return { problem: 'the createStart callback does not return an object literal' }
  return { object }
}

/** What a function returns: its expression body, or the value of the last `return` of its block. */
function returnedExpression(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body
  return fn.body.statements.filter(ts.isReturnStatement).at(-1)?.expression
}
