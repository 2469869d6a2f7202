import { lstatSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import ts from '../../lib/typescript.js'
import { propertyName } from '../codemods/js/objects.js'
import { findStartOptions } from '../codemods/start/find-start-options.js'
import { listFiles, relPosix } from '../project/files.js'
import { isSourceFile } from '../project/sources.js'
import type { ProjectInfo } from '../project/types.js'
import { ancestorsOf, routeTable, type RouteEntry } from '../routes/discover.js'
import { Authorization } from './authorization.js'
import { middlewareAuthorizes } from './declarations.js'
import { escapingRoutes } from './escaping-routes.js'
import { AppModules } from './modules.js'
import { serverFunctions } from './server-functions.js'
import { routeServerOptions, serverRoutes } from './server-routes.js'
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
  /** Files each thread audited: this one first, then each worker that audited any. */
  filesPerThread: number[]
}

/** Only files that mention one of these can hold an entry point; the rest are never parsed. */
const MAY_HOLD_ENTRY_POINTS = ['handler', 'createFileRoute', 'createServerFileRoute']

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
  const { results, parsed, filesPerThread } = await auditFiles(project, files, auditor, options.threads ?? 1)
  const findings = results.flatMap((result) => result.findings)
  findings.push(...escapingRoutes(project, auditor.modules))
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
  const entryPoints = results.reduce((sum, result) => sum + result.entryPoints, 0)
  const filesParsed = new Set([...parsed, ...auditor.parsed()]).size
  return { findings, entryPoints, filesListed: files.length, filesParsed, filesPerThread }
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
  // the workspace package that holds the instance (`@repo/auth`) is read like the app's own modules
  const pkg = project.authPackage
  const packages = pkg
    ? Object.fromEntries(
        [pkg.instance, ...(pkg.client ? [pkg.client] : [])].map((entry) => [entry.specifier, entry.file]),
      )
    : {}
  const modules = new AppModules(project.root, project.aliases, packages, ownPackages(project))
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

/**
 * Whether a package is one of the app's own workspace: declared `workspace:*`, `file:../auth`, `link:` or
 * `portal:`, the package that holds the instance, or installed as a link to a folder outside node_modules
 * (how npm, pnpm, Yarn and bun install a workspace package declared by version).
 */
function ownPackages(project: ProjectInfo): (name: string) => boolean {
  const { dependencies, devDependencies } = project.manifest
  const declared = Object.entries({ ...devDependencies, ...dependencies })
  const own = new Set(declared.filter(([, range]) => /^(?:workspace|file|link|portal):/.test(range)).map(([n]) => n))
  if (project.authPackage) own.add(project.authPackage.name)
  const dirs = [...new Set([project.root, project.workspaceRoot])]
  const declaredAnywhere = declaredIn(dirs)
  const installs = new Map<string, Install>()
  return (name) => {
    if (own.has(name)) return true
    let install = installs.get(name)
    if (!install) installs.set(name, (install = installOf(dirs, name)))
    // `@kit/action-middleware`, `@kit/better-auth/context`: the names kit-auth's layer goes by in the documents it
    // was made from (a monorepo's packages), unless the app or its workspace declares or installs one so named
    if (name.startsWith('@kit/') && !declaredAnywhere.has(name) && !install.installed) return true
    return install.linksOut
  }
}

/** Every package the manifests in `dirs` declare, with any range. */
function declaredIn(dirs: string[]): Set<string> {
  const declared = new Set<string>()
  for (const dir of dirs) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        const deps = manifest[field]
        if (deps && typeof deps === 'object') for (const dep of Object.keys(deps)) declared.add(dep)
      }
    } catch {
      // no manifest there
    }
  }
  return declared
}

interface Install {
  /** Installed under that name in one of the folders' node_modules. */
  installed: boolean
  /** Installed as a link to a folder outside node_modules (a workspace package declared by version). */
  linksOut: boolean
}

/** One look per folder at `node_modules/<name>`. */
function installOf(dirs: string[], name: string): Install {
  let installed = false
  for (const dir of dirs) {
    const entry = path.join(dir, 'node_modules', name)
    try {
      const stat = lstatSync(entry)
      installed = true
      if (stat.isSymbolicLink() && !realpathSync(entry).split(path.sep).includes('node_modules'))
        return { installed, linksOut: true }
    } catch {
      // not installed there
    }
  }
  return { installed, linksOut: false }
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
