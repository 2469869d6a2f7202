import ts from '../../lib/typescript.js'
import type { Finding } from './audit.js'
import { isKitAuthModule, type Authorization } from './authorization.js'
import { declarationOf, isPublic, lineOf } from './declarations.js'
import type { Module } from './modules.js'

const SERVER_FUNCTION_FIX =
  'build it with authAction() (organizationAction(), adminAction()), add .middleware([authMiddleware]), ' +
  'or call requireSession() in its handler; mark it /** @public */ if anyone may call it'
/**
 * kit-auth's own public server functions, in the `lib/auth/session.functions` module it generates: apps
 * initialized by an older kit-auth have them without the `@public` tag.
 */
const KIT_PUBLIC_FUNCTIONS = new Set(['fetchSession', 'fetchAuthState', 'fetchHasPermission', 'fetchPermissionState'])

/**
 * Each server function of a module (a `.handler()` call whose chain starts at `createServerFn`):
 * null when it is authorized or `@public`, else its finding.
 */
export function* serverFunctions(
  module: Module,
  authorization: Authorization,
  globallyAuthorized: boolean,
  srcDirectory: string,
): Generator<Finding | null> {
  const kitFunctions = isKitAuthModule(module, srcDirectory, 'session.functions')
  const calls: { call: ts.CallExpression; builder: ts.Expression }[] = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'handler'
    )
      calls.push({ call: node, builder: node.expression.expression })
    ts.forEachChild(node, visit)
  }
  visit(module.sourceFile)
  for (const { call, builder } of calls) {
    const chain = authorization.chain(module, builder)
    if (!chain.serverFn) continue
    const { name, anchor } = declarationOf(call)
    const handler = call.arguments[0]
    const byMiddleware =
      chain.trusted !== null || chain.middleware.some((m) => authorization.middleware(m.module, m.node))
    const kitPublic = kitFunctions && KIT_PUBLIC_FUNCTIONS.has(name)
    if (byMiddleware || globallyAuthorized || kitPublic || isPublic(module, anchor)) {
      yield null
      continue
    }
    if (handler && authorization.authorizes(module, handler, 'entry')) {
      yield null
      continue
    }
    yield {
      file: module.file,
      line: lineOf(module, anchor),
      kind: 'server-function',
      name,
      why: serverFunctionWhy(module, chain, handler),
      fix: SERVER_FUNCTION_FIX,
    }
  }
}

function serverFunctionWhy(
  module: Module,
  chain: ReturnType<Authorization['chain']>,
  handler: ts.Expression | undefined,
): string {
  if (chain.replaced)
    return `${chain.replaced}({ middleware }) replaces the builder's own middleware, auth check included`
  const middleware = chain.middleware.map((m) => m.node.getText(m.module.sourceFile)).join(', ')
  const reads = handler && /\bgetSession\s*\(/.test(handler.getText(module.sourceFile))
  const base = middleware ? `its middleware (${middleware}) authorizes nobody` : 'no auth middleware in its chain'
  return reads
    ? `${base}, and its handler reads the session without refusing a missing one`
    : `${base}, and its handler never checks the session`
}
