import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from '../../lib/typescript.js'
import { importedNames } from '../codemods/js/bindings.js'
import { calleeName } from '../codemods/js/calls.js'
import { findProperty, propertyName, propertyValue } from '../codemods/js/objects.js'
import { unwrap, unwrappedParent } from '../codemods/js/unwrap.js'
import { findStartOptions } from '../codemods/start/find-start-options.js'
import { listFiles, relPosix } from '../project/files.js'
import { isSourceFile } from '../project/sources.js'
import type { ProjectInfo } from '../project/types.js'
import { ancestorsOf, routeTable, type RouteEntry } from '../routes/discover.js'
import { guardsFile, scanGuardNames } from '../routes/guards.js'
import { describeProtection } from '../routes/protection.js'
import { reportRoutes, type RouteReport } from '../routes/report.js'
import { Authorization, isKitAuthModule } from './authorization.js'
import { AppModules, type Module } from './modules.js'
import { auditFiles } from './threads.js'

/** What kind of entry point a finding is about. */
export type FindingKind = 'server-function' | 'server-route' | 'route'

/** One entry point that nothing authorizes. */
export interface Finding {
  /** Relative to the app root, posix. */
  file: string
  /** 1-based line of the declaration (after its JSDoc); for routes, of `createFileRoute(`. */
  line: number
  kind: FindingKind
  /** The server function's name, or the route's path. */
  name: string
  /** Why nothing authorizes it. */
  why: string
  /** What to use instead. */
  fix: string
}

export interface AuditResult {
  findings: Finding[]
  /** Entry points seen, protected or not (public ones included). */
  entryPoints: number
  /** Source files listed, and files read (listed files plus what they import). */
  filesListed: number
  filesParsed: number
  /** Threads that audited files: this one and the workers that started. */
  threads: number
}

/** Only files that mention one of these can hold an entry point; the rest are never parsed. */
const MAY_HOLD_ENTRY_POINTS = ['handler', 'createFileRoute', 'createServerFileRoute']

const SERVER_FUNCTION_FIX =
  'build it with authAction() (organizationAction(), adminAction()), add .middleware([authMiddleware]), ' +
  'or call requireSession() in its handler; mark it /** @public */ if anyone may call it'
/**
 * kit-auth's own public server functions, in the `lib/auth/session.functions` module it generates: apps
 * initialized by an older kit-auth have them without the `@public` tag.
 */
const KIT_PUBLIC_FUNCTIONS = new Set(['fetchSession', 'fetchAuthState', 'fetchHasPermission', 'fetchPermissionState'])

/** Methods a route-level `@public` covers: reads. A write needs its own tag on its handler. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const SERVER_ROUTE_FIX =
  'add an auth request middleware to server.middleware, or check the session in each handler ' +
  '(`const session = await getSession()`, 401 when null); mark it /** @public */ if anyone may call it'

/** What one file holds: its entry points' findings, and how many entry points it has. */
export interface FileAudit {
  findings: Finding[]
  entryPoints: number
}

/** Audits one file at a time (relative to the app root); each thread of an audit has its own. */
export interface FileAuditor {
  audit(file: string): FileAudit
  /** Files this auditor parsed, its own and what they import. */
  parsed(): string[]
  /** The modules it read, for the checks the whole app shares (escaping routes). */
  modules: AppModules
}

/**
 * Every entry point of the app that nothing authorizes: server functions, server route handlers,
 * and routes that un-nest out of a guarded parent (`posts_.$id.tsx` under a guarded `posts.tsx`).
 * Reads only the app's sources that can hold one, and what those import. Writes nothing. With
 * `threads` above 1, a big app's files are shared out to worker threads (see ./threads.ts).
 *
 * @example (await auditApp(project)).findings[0] // { file: 'src/server/posts.ts', line: 4, kind: 'server-function' }
 */
export async function auditApp(project: ProjectInfo, options: { threads?: number } = {}): Promise<AuditResult> {
  const files = await appFiles(project)
  const auditor = fileAuditor(project)
  const { results, parsed, threads } = await auditFiles(project, files, auditor, options.threads ?? 1)
  const findings = results.flatMap((result) => result.findings)
  findings.push(...escapingRoutes(project, auditor.modules))
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
  const entryPoints = results.reduce((sum, result) => sum + result.entryPoints, 0)
  const filesParsed = new Set([...parsed, ...auditor.parsed()]).size
  return { findings, entryPoints, filesListed: files.length, filesParsed, threads }
}

/** The app's modules that may hold entry points: under its source and routes folders, tests left out. */
async function appFiles(project: ProjectInfo): Promise<string[]> {
  const folders = [...new Set([project.srcDirectory, project.routesDirectory])].filter(
    (folder, index, all) => !all.some((other, at) => at !== index && isUnder(folder, other)),
  )
  const listed = await Promise.all(
    folders.map((folder) => listFiles(path.join(project.root, folder), isAppModule, Infinity)),
  )
  return listed.flat().map((file) => relPosix(project.root, file))
}

/**
 * A `FileAuditor` for the app: the route table, start.ts's global middleware and the modules read
 * so far are shared by every file it audits.
 */
export function fileAuditor(project: ProjectInfo): FileAuditor {
  const modules = new AppModules(project.root, project.aliases)
  const authorization = new Authorization(modules, project.srcDirectory)
  const table = routeTable(project)
  const routeOf = new Map<string, RouteEntry>()
  for (const route of table.routes) for (const file of route.files) routeOf.set(file, route)
  const global = globalMiddleware(project, modules, authorization)

  /** Whether a route's own `server.middleware` authorizes (it runs for its children's handlers too). */
  function routeMiddlewareOf(id: string): boolean {
    const entry = table.byId.get(id)
    const module = entry?.file ? modules.load(entry.file) : null
    const server = module ? routeServerOptions(module, modules)[0] : undefined
    return !!server && middlewareAuthorizes(authorization, server.module, server.middleware)
  }

  function audit(file: string): FileAudit {
    const findings: Finding[] = []
    let entryPoints = 0
    // bytes first: most files of a big app hold no entry point, and are never decoded nor parsed
    const bytes = readFileSync(path.join(project.root, file))
    if (!MAY_HOLD_ENTRY_POINTS.some((word) => bytes.includes(word))) return { findings, entryPoints }
    const module = modules.visit(file, bytes.toString('utf8'))
    for (const found of serverFunctions(module, authorization, global.functions, project.srcDirectory)) {
      entryPoints++
      if (found) findings.push(found)
    }
    const route = routeOf.get(file)
    const ancestors = route ? ancestorsOf(table, route.id) : []
    for (const found of serverRoutes(
      module,
      authorization,
      route ?? null,
      ancestors,
      routeMiddlewareOf,
      global.requests,
    )) {
      entryPoints++
      if (found) findings.push(found)
    }
    return { findings, entryPoints }
  }

  return { audit, parsed: () => modules.parsedFiles(), modules }
}

/** A module the app ships: a source file, not a test (`*.test.ts`, `*.spec.tsx`, `__tests__/`). */
function isAppModule(file: string): boolean {
  return isSourceFile(file) && !/\.(?:test|spec)\.[cm]?[jt]sx?$/.test(file) && !/[\\/]__tests__[\\/]/.test(file)
}

function isUnder(folder: string, other: string): boolean {
  return other === '.' || other === '' || folder.startsWith(`${other}/`)
}

/** start.ts's `functionMiddleware` / `requestMiddleware`, when they authorize every call. */
function globalMiddleware(
  project: ProjectInfo,
  modules: AppModules,
  authorization: Authorization,
): { functions: boolean; requests: boolean } {
  const module = project.startFile ? modules.load(project.startFile) : null
  const found = module ? findStartOptions(module.sourceFile) : null
  if (!module || !found || !('object' in found)) return { functions: false, requests: false }
  const listed = (name: string) => {
    const property = found.object.properties.find((p) => p.name && propertyName(p.name) === name)
    return property && ts.isPropertyAssignment(property) ? property.initializer : undefined
  }
  return {
    functions: middlewareAuthorizes(authorization, module, listed('functionMiddleware')),
    requests: middlewareAuthorizes(authorization, module, listed('requestMiddleware')),
  }
}

function middlewareAuthorizes(authorization: Authorization, module: Module, list: ts.Expression | undefined): boolean {
  return authorization.elements(module, list).some((element) => authorization.middleware(element.module, element.node))
}

/** 1-based line of a node's first token (comments and JSDoc skipped). */
function lineOf(module: Module, node: ts.Node): number {
  return module.sourceFile.getLineAndCharacterOfPosition(node.getStart(module.sourceFile)).line + 1
}

/** A `@public` tag in the comments right before a declaration: `/** @public shown on the pricing page *\/`. */
function isPublic(module: Module, anchor: ts.Node): boolean {
  const text = module.sourceFile.text
  const comments = ts.getLeadingCommentRanges(text, anchor.getFullStart()) ?? []
  return comments.some((range) => /(?:^|[\s*/])@public\b/.test(text.slice(range.pos, range.end)))
}

/** The declaration that holds an entry point: its name and the node its line and `@public` are read from. */
function declarationOf(node: ts.Expression): { name: string; anchor: ts.Node } {
  const owner = unwrappedParent(node)
  if (ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) {
    const list = owner.parent
    const single = ts.isVariableDeclarationList(list) && list.declarations.length === 1
    const statement = list.parent
    return { name: owner.name.text, anchor: single ? statement : owner }
  }
  if (ts.isPropertyAssignment(owner)) return { name: propertyName(owner.name) ?? owner.name.getText(), anchor: owner }
  if (ts.isExportAssignment(owner)) return { name: 'default', anchor: owner }
  return { name: '(anonymous)', anchor: node }
}

/**
 * Each server function of a module (a `.handler()` call whose chain starts at `createServerFn`):
 * null when it is authorized or `@public`, else its finding.
 */
function* serverFunctions(
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

interface ServerOptions {
  module: Module
  /** `createFileRoute(` (or `createServerFileRoute(`): where the finding points. */
  constructor: ts.Expression
  /** What holds `export const Route = ...` (for `@public`). */
  declaration: ts.Node
  id: string | null
  middleware: ts.Expression | undefined
  handlers: ts.Expression | undefined
}

/** The `server` options of each route call: `createFileRoute(id)({ server })`, `createServerFileRoute(id)`. */
function routeServerOptions(module: Module, modules: AppModules): ServerOptions[] {
  const found: ServerOptions[] = []
  // both constructors end so, however they are imported (an alias names the original too): a file
  // without the word holds no route, and its tree is not walked again
  if (!module.sourceFile.text.includes('FileRoute')) return found
  const imports = importedNames(module.sourceFile)
  const visit = (node: ts.Node): void => {
    ts.forEachChild(node, visit)
    if (!ts.isCallExpression(node)) return
    const callee = unwrap(node.expression)
    // createFileRoute('/x')({ server: { middleware, handlers } })
    if (calleeName(callee, imports) === 'createFileRoute' && ts.isCallExpression(callee)) {
      const options = node.arguments[0] && modules.valueOf(module, node.arguments[0])
      const object = options?.module && ts.isObjectLiteralExpression(options.node) ? options.node : null
      const server = object && valueProperty(object, 'server')
      const value = server && modules.valueOf(module, server)
      if (!value?.module || !ts.isObjectLiteralExpression(value.node)) return
      found.push({
        module,
        constructor: callee.expression,
        declaration: declarationOf(node).anchor,
        id: literal(callee.arguments[0]),
        middleware: valueProperty(value.node, 'middleware'),
        handlers: valueProperty(value.node, 'handlers'),
      })
    }
    // createServerFileRoute('/x').middleware([...]).methods({...}) (Start before 1.132)
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'methods') {
      let middleware: ts.Expression | undefined
      let target = unwrap(callee.expression)
      while (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression)) {
        if (target.expression.name.text === 'middleware') middleware = target.arguments[0]
        target = unwrap(target.expression.expression)
      }
      if (!ts.isCallExpression(target) || calleeName(target, imports) !== 'createServerFileRoute') return
      found.push({
        module,
        constructor: target.expression,
        declaration: declarationOf(node).anchor,
        id: literal(target.arguments[0]),
        middleware,
        handlers: node.arguments[0],
      })
    }
  }
  visit(module.sourceFile)
  return found
}

/** What an object member holds: a value, or a method (`async GET({ request }) {...}`). */
type Member = ts.Expression | ts.MethodDeclaration

/** What an element of an object holds: its value, or itself when it is a method. */
function memberOf(element: ts.ObjectLiteralElementLike | undefined): Member | undefined {
  if (!element) return undefined
  return ts.isMethodDeclaration(element) ? element : (propertyValue(element) ?? undefined)
}

/** A member's value, when it is not a method. */
function valueProperty(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const found = findProperty(object, name)
  return (found && propertyValue(found)) ?? undefined
}

function literal(expression: ts.Expression | undefined): string | null {
  return expression && ts.isStringLiteralLike(expression) ? expression.text : null
}

/**
 * Each server route of a module: authorized by its own `server.middleware`, an ancestor's, start.ts's
 * request middleware, or by every handler (through its method middleware or its own session check).
 */
function* serverRoutes(
  module: Module,
  authorization: Authorization,
  route: RouteEntry | null,
  ancestors: readonly RouteEntry[],
  ancestorAuthorizes: (id: string) => boolean,
  globallyAuthorized: boolean,
): Generator<Finding | null> {
  for (const server of routeServerOptions(module, authorization.modules)) {
    if (!server.handlers) continue
    const covered =
      globallyAuthorized ||
      middlewareAuthorizes(authorization, module, server.middleware) ||
      ancestors.some((ancestor) => ancestorAuthorizes(ancestor.id))
    if (covered) {
      yield null
      continue
    }
    // a route-level `@public` covers its reads; each write says so on its own handler
    const routePublic = isPublic(module, server.declaration)
    const open = methods(module, authorization, server.handlers, routePublic).filter((method) => !method.authorized)
    if (open.length === 0) {
      yield null
      continue
    }
    const name = route?.fullPath ?? server.id ?? module.file
    const read = open.filter((method) => method.read)
    const unread = open.filter((method) => !method.read)
    const reasons = [
      read.length === 0
        ? null
        : `${read.map((method) => method.name).join(', ')} ${read.length === 1 ? 'runs' : 'run'} for anyone: ` +
          `no auth middleware on the route and no session check in the handler${read.length === 1 ? '' : 's'}` +
          (routePublic ? ' (a route-level @public covers only GET, HEAD and OPTIONS)' : ''),
      unread.length === 0
        ? null
        : `the handlers of ${unread.map((method) => method.name).join(', ')} could not be read, ` +
          'and no auth middleware on the route covers them',
    ]
    yield {
      file: module.file,
      line: lineOf(module, server.constructor),
      kind: 'server-route',
      name,
      why: reasons.filter((reason) => reason !== null).join('; '),
      fix: SERVER_ROUTE_FIX,
    }
  }
}

/** A method of a server route: whether it authorizes (or is public); `read` false when its code is out of reach. */
interface Method {
  name: string
  authorized: boolean
  read: boolean
}

/** Each method of `server.handlers` (an object, or `({ createHandlers }) => createHandlers({})`): authorized? */
function methods(
  module: Module,
  authorization: Authorization,
  handlers: ts.Expression,
  routePublic: boolean,
): Method[] {
  const modules = authorization.modules
  let value = modules.valueOf(module, handlers)
  if (value.module && (ts.isArrowFunction(value.node) || ts.isFunctionExpression(value.node))) {
    // ({ createHandlers }) => createHandlers({ GET: { middleware, handler } })
    const body = value.node.body
    const returned = ts.isBlock(body) ? body.statements.filter(ts.isReturnStatement).at(-1)?.expression : body
    const call = returned && unwrap(returned)
    // createHandlers({...}), or a plain object
    const argument = call && ts.isCallExpression(call) ? call.arguments[0] : call
    value = argument ? modules.valueOf(value.module, argument) : { module: null, node: null, name: null }
  }
  if (!value.module || !ts.isObjectLiteralExpression(value.node))
    return [{ name: handlers.getText(module.sourceFile), authorized: false, read: false }]
  return handlerMembers(authorization, value.module, value.node, routePublic, 0)
}

/** The methods of one handlers object, spreads (`{ ...crud }`) followed to the object they spread. */
function handlerMembers(
  authorization: Authorization,
  owner: Module,
  object: ts.ObjectLiteralExpression,
  routePublic: boolean,
  depth: number,
): Method[] {
  const modules = authorization.modules
  return object.properties.flatMap((element): Method[] => {
    if (ts.isSpreadAssignment(element)) {
      const spread = depth < 10 ? modules.valueOf(owner, element.expression) : null
      if (spread?.module && ts.isObjectLiteralExpression(spread.node))
        return handlerMembers(authorization, spread.module, spread.node, routePublic, depth + 1)
      return [{ name: `...${element.expression.getText(owner.sourceFile)}`, authorized: false, read: false }]
    }
    if (!element.name) return []
    const name = propertyName(element.name) ?? element.name.getText(owner.sourceFile)
    if (isPublic(owner, element) || (routePublic && SAFE_METHODS.has(name.toUpperCase())))
      return [{ name, authorized: true, read: true }]
    const handler = memberOf(element)
    if (!handler) return [{ name, authorized: false, read: true }]
    const resolved = ts.isMethodDeclaration(handler) ? null : modules.valueOf(owner, handler)
    if (resolved?.module && ts.isObjectLiteralExpression(resolved.node)) {
      // { middleware: [...], handler }
      const options = resolved.node
      const authorized =
        middlewareAuthorizes(authorization, resolved.module, valueProperty(options, 'middleware')) ||
        authorizesHandler(authorization, resolved.module, memberOf(findProperty(options, 'handler')))
      return [{ name, authorized, read: true }]
    }
    return [{ name, authorized: authorizesHandler(authorization, owner, handler), read: true }]
  })
}

/** A handler authorizes its caller, or hands the request to Better Auth (whose endpoints authenticate themselves). */
function authorizesHandler(authorization: Authorization, module: Module, handler: Member | undefined): boolean {
  if (!handler) return false
  return authorization.authorizes(module, handler, 'entry') || authorization.forwardsToBetterAuth(module, handler)
}

/** Routes that un-nest out of a guarded parent with no guard of their own (see `kit-auth routes`). */
function escapingRoutes(project: ProjectInfo, modules: AppModules): Finding[] {
  const table = routeTable(project)
  const guardsText = modules.load(guardsFile(project))?.sourceFile.text ?? null
  const reports = reportRoutes(
    table,
    (file) => modules.load(file)?.sourceFile.text ?? null,
    guardsText === null ? null : scanGuardNames(guardsText),
  )
  const byId = new Map(reports.map((report) => [report.id, report]))
  const findings: Finding[] = []
  for (const report of reports) {
    // a route with only its `.lazy.tsx` half is found there (`createLazyFileRoute(`)
    const file = report.file ?? report.lazyFile
    if (report.serverOnly || !file) continue
    const escapes = report.escapes ?? escapesOwnProtection(report, table.byId.get(report.id), byId)
    if (!escapes) continue
    const module = modules.load(file)
    if (!module) continue
    const call = routeCall(module)
    if (call && isPublic(module, declarationOf(call.outer).anchor)) continue
    findings.push({
      file,
      line: call ? lineOf(module, call.constructor) : 1,
      kind: 'route',
      name: report.path,
      why:
        `${report.path} leaves ${escapes.from} (guarded by ${escapes.guard}) ` +
        'through `_` un-nesting, and has no guard of its own',
      fix: `run \`kit-auth protect ${report.path}\`, or mark the route /** @public */ if anyone may see it`,
    })
  }
  return findings
}

/**
 * A route that un-nests out of a parent the app protects by its own means (`kit-auth routes` flags
 * only parents with kit-auth's guards): its own beforeLoad or loader redirect does not cover the route.
 */
function escapesOwnProtection(
  report: RouteReport,
  route: RouteEntry | undefined,
  byId: ReadonlyMap<string, RouteReport>,
): { from: string; guard: string } | null {
  if (report.guard || report.inherited || report.protection || !route) return null
  for (const parent of route.unnestedFrom) {
    const protection = byId.get(parent)?.protection
    if (protection) return { from: parent, guard: describeProtection(protection, parent) }
  }
  return null
}

/** The `createFileRoute('/x')(...)` call of a route module: the outer call and the `createFileRoute` identifier. */
function routeCall(module: Module): { outer: ts.CallExpression; constructor: ts.Expression } | null {
  let found: { outer: ts.CallExpression; constructor: ts.Expression } | null = null
  const imports = importedNames(module.sourceFile)
  const visit = (node: ts.Node): void => {
    if (found) return
    if (ts.isCallExpression(node) && ts.isCallExpression(node.expression)) {
      const imported = calleeName(node.expression, imports)
      if (imported === 'createFileRoute' || imported === 'createLazyFileRoute')
        found = { outer: node, constructor: node.expression.expression }
    }
    ts.forEachChild(node, visit)
  }
  visit(module.sourceFile)
  return found
}
