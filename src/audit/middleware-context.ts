import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from '../../lib/typescript.js'
import { asString, parseJsonc } from '../project/json.js'
import { contextKeyOf } from '../project/request-context.js'
import { findProperty, propertyValue } from '../codemods/js/objects.js'
import { walk } from '../codemods/js/parse.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { isFunctionNode, ownNodes, type FunctionNode } from './function-shapes.js'
import type { AppModules, Module } from './modules.js'
import { isBetterAuth } from './resolve.js'

/**
 * `context.auth.handler(request)` in a server route's handler, where a request middleware of that route puts a
 * Better Auth instance into the context (`next({ context: { auth: createAuth(env) } })`, the Cloudflare shape):
 * `made` is the `context.auth` the handler calls `.handler` on.
 *
 * @example contextInstance(modules, module, handler, callee.expression) // true for repro's context.auth
 */
export function contextInstance(modules: AppModules, module: Module, fn: FunctionNode, made: ts.Expression): boolean {
  const key = contextKeyOf(made)
  if (!key) return false
  return (
    routeMiddleware(fn).some((element) => providesInstance(modules, module, element, key)) ||
    entryProvides(modules, module, key)
  )
}

/** Start's own server entries beside `routes/` (`src/server.ts`): what a Worker's `fetch` passes as context. */
const SERVER_ENTRIES = ['server.ts', 'server.tsx', 'server.js']

/**
 * The app's server entry puts a Better Auth instance into every request's context under `key` (`handler(request,
 * { context: { authService } })` in a Worker's `fetch`, `authService = createAuthService(...)`).
 */
function entryProvides(modules: AppModules, route: Module, key: string): boolean {
  const at = route.file.lastIndexOf('/routes/')
  if (at === -1) return false
  const folder = route.file.slice(0, at)
  const entries = [...SERVER_ENTRIES.map((name) => `${folder}/${name}`), ...workerMain(modules)]
  return entries.some((file) => {
    const entry = modules.load(file)
    return !!entry && passesInstance(modules, entry, entry.sourceFile, key)
  })
}

const workerMains = new WeakMap<AppModules, string[]>()

/**
 * The Worker's own entry a wrangler config names (`"main": "src/worker.ts"`), when it is a file of the app: read once
 * per audit, however many handler routes ask.
 */
function workerMain(modules: AppModules): string[] {
  let main = workerMains.get(modules)
  if (!main) workerMains.set(modules, (main = readWorkerMain(modules.root)))
  return main
}

function readWorkerMain(root: string): string[] {
  for (const name of ['wrangler.jsonc', 'wrangler.json']) {
    let text: string
    try {
      text = readFileSync(path.join(root, name), 'utf8')
    } catch {
      continue
    }
    try {
      const main = asString(parseJsonc(text, name).main)
      return main && !main.startsWith('@') ? [path.posix.normalize(main)] : []
    } catch {
      return []
    }
  }
  return []
}

/** The `middleware: [...]` beside the `handlers` the function is one of (`server: { middleware, handlers }`). */
function routeMiddleware(fn: FunctionNode): ts.Expression[] {
  let node: ts.Node | undefined = fn
  for (let level = 0; node && level < 5; level++, node = node.parent) {
    if (!ts.isObjectLiteralExpression(node) || !findProperty(node, 'handlers')) continue
    const middleware = findProperty(node, 'middleware')
    const list = middleware && propertyValue(middleware)
    return list && ts.isArrayLiteralExpression(list) ? [...list.elements] : []
  }
  return []
}

/** A middleware whose server function passes `context: { [key]: <a Better Auth instance> }` to `next`. */
function providesInstance(modules: AppModules, module: Module, element: ts.Expression, key: string): boolean {
  if (!modules.isReference(module, element) && !ts.isCallExpression(unwrap(element))) return false
  const value = modules.valueOf(module, element)
  return !!value.module && !!value.node && passesInstance(modules, value.module, value.node, key)
}

/** A function under `root` calls something with `{ context: { [key]: <a Better Auth instance> } }`. */
function passesInstance(modules: AppModules, module: Module, root: ts.Node, key: string): boolean {
  for (const node of walk(root)) {
    if (!isFunctionNode(node)) continue
    for (const inner of ownNodes(node)) {
      if (!ts.isCallExpression(inner)) continue
      // `next({ context })`, or Start's handler called by a server entry: `handler(request, { context })`
      for (const written of inner.arguments) {
        const argument = unwrap(written)
        if (!ts.isObjectLiteralExpression(argument)) continue
        const context = findProperty(argument, 'context')
        const object = context && propertyValue(context)
        const entry = object && ts.isObjectLiteralExpression(object) ? findProperty(object, key) : undefined
        const provided =
          entry &&
          (ts.isShorthandPropertyAssignment(entry)
            ? entry.name
            : ts.isPropertyAssignment(entry)
              ? entry.initializer
              : null)
        if (provided && isBetterAuth(modules, module, provided, 1)) return true
      }
    }
  }
  return false
}
