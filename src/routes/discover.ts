import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseJsonc } from '../project/json.js'
import type { RouteNaming } from '../project/paths.js'
import { listRouteCandidates } from '../project/route-files.js'
import type { ProjectInfo } from '../project/types.js'
import {
  DEFAULT_TOKENS,
  isIgnoredName,
  isNonRouteFile,
  routeFromFileName,
  unnestedParents,
  type RouteTokens,
} from './naming.js'

/** One route of the app, as TanStack's generator would put it in the route tree. */
export interface RouteEntry {
  /** Route id: `/_app/inbox`, `/posts/` (index), `/posts_/$postId/edit`. */
  id: string
  /** The id with `[...]` escapes kept. */
  original: string
  /** URL path (`fullPath`): `/inbox`, `/posts/`, `/posts/$postId/edit`. */
  fullPath: string
  kind: 'layout' | 'pathless' | 'static'
  /** An index route (id ends in `/`). */
  index: boolean
  /** The route file (`createFileRoute`), relative to the app root; null for a `.lazy.tsx`-only route. */
  file: string | null
  /** The `.lazy.tsx` half, relative to the app root, or null. */
  lazyFile: string | null
  /** Every non-lazy file claiming this id; more than one is a conflict TanStack refuses too. */
  files: string[]
  /** Id of the parent route; null under the root. */
  parent: string | null
  /** Ids of the routes it would be nested under without its `x_` un-nesting segments. */
  unnestedFrom: string[]
}

/** The URL a route is reached at, as a link `to` value: an index's `/posts/` -> `/posts`. */
export function linkPathOf(route: Pick<RouteEntry, 'fullPath'>): string {
  return route.fullPath === '/' ? '/' : route.fullPath.replace(/\/+$/, '')
}

export interface RouteTable {
  /** The routes folder, relative to the app root. */
  routesDirectory: string
  /** `__root.tsx`, relative to the app root, or null. */
  rootFile: string | null
  /** Every route, sorted by id. */
  routes: RouteEntry[]
  byId: Map<string, RouteEntry>
  /** How many route files were listed. */
  fileCount: number
}

/** What `tsr.config.json` may change about file naming (string tokens only). */
export interface RouteNamingConfig {
  tokens: RouteTokens
  ignorePrefix: string
  ignorePattern: RegExp | null
}

/** Reads the naming options of `tsr.config.json` in the app root; defaults when absent or unreadable. */
export function readRouteNamingConfig(root: string): RouteNamingConfig {
  let config: Record<string, unknown> = {}
  try {
    // JSONC, as inspection reads it (comments and trailing commas allowed)
    config = parseJsonc(readFileSync(path.join(root, 'tsr.config.json'), 'utf8'), 'tsr.config.json')
  } catch {
    // absent or invalid: inspection reports a malformed file; defaults here
  }
  return namingConfig(config)
}

/** The naming rules for tsr.config.json's options (inspection's `routeNaming`): defaults for what is unset. */
export function namingConfig(config: RouteNaming | Record<string, unknown>): RouteNamingConfig {
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback)
  let ignorePattern: RegExp | null = null
  if (typeof config.routeFileIgnorePattern === 'string' && config.routeFileIgnorePattern !== '') {
    try {
      ignorePattern = new RegExp(config.routeFileIgnorePattern)
    } catch {
      ignorePattern = null
    }
  }
  return {
    tokens: {
      routeToken: text(config.routeToken, DEFAULT_TOKENS.routeToken),
      indexToken: text(config.indexToken, DEFAULT_TOKENS.indexToken),
    },
    ignorePrefix: text(config.routeFileIgnorePrefix, '-'),
    ignorePattern,
  }
}

/**
 * Route files under `dir` (relative to it, posix), skipping what TanStack ignores (`-x`, `.x`,
 * `routeFileIgnorePattern`) and what is no route module (`.d.ts`, `routeTree.gen.ts`, tests).
 * Only names are read, never contents.
 */
export function listRouteFiles(dir: string, config: RouteNamingConfig): string[] {
  return routeFilesOf(listRouteCandidates(dir), config)
}

/**
 * The route files among candidate paths (relative to the routes folder, posix): none of their
 * folders nor the file itself ignored (`-x`, `.x`, `routeFileIgnorePattern`), and a route module.
 */
export function routeFilesOf(candidates: readonly string[], config: RouteNamingConfig): string[] {
  return candidates.filter((file) => {
    const names = file.split('/')
    const name = names.at(-1) ?? ''
    return (
      names.every(
        (part) =>
          !isIgnoredName(part, config.ignorePrefix) && part !== 'node_modules' && !config.ignorePattern?.test(part),
      ) &&
      /\.(tsx|ts|jsx|js)$/.test(name) &&
      !isNonRouteFile(name)
    )
  })
}

const tables = new WeakMap<object, RouteTable>()

/**
 * The route table of an inspected app, from the files inspection listed (`routeFiles`, `routeNaming`):
 * no disk access, built once per ProjectInfo.
 *
 * @example routeTable(project).byId.get('/_app/inbox')?.file // 'src/routes/_app/inbox.tsx'
 */
export function routeTable(project: Pick<ProjectInfo, 'routesDirectory' | 'routeFiles' | 'routeNaming'>): RouteTable {
  let table = tables.get(project)
  if (!table) {
    const config = namingConfig(project.routeNaming)
    table = buildRouteTable(routeFilesOf(project.routeFiles, config), project.routesDirectory, config.tokens)
    tables.set(project, table)
  }
  return table
}

/** The route serving Better Auth's `/api/auth/*`, by id or by URL (inside a route group: `(api)/api/auth/$.ts`). */
export function authHandlerRoute(table: RouteTable): RouteEntry | undefined {
  return (
    table.byId.get('/api/auth/$') ??
    table.routes.find((route) => route.file !== null && linkPathOf(route) === '/api/auth/$')
  )
}

/**
 * Every route of the app from its file names alone (no file is read, no generated tree needed):
 * merges `.lazy.tsx` halves with their route file, links each route to its parent the way the
 * generator does (longest existing id prefix) and records `x_` un-nesting.
 *
 * @example discoverRoutes('/app', 'src/routes').byId.get('/_app/inbox')?.file // 'src/routes/_app/inbox.tsx'
 */
export function discoverRoutes(
  root: string,
  routesDirectory: string,
  config: RouteNamingConfig = readRouteNamingConfig(root),
): RouteTable {
  return buildRouteTable(listRouteFiles(path.join(root, routesDirectory), config), routesDirectory, config.tokens)
}

/** The table of route files (relative to `routesDirectory`, sorted), named with `tokens`. */
function buildRouteTable(files: string[], routesDirectory: string, tokens: RouteTokens): RouteTable {
  const prefix = routesDirectory === '.' || routesDirectory === '' ? '' : `${routesDirectory.replace(/\/+$/, '')}/`
  const byId = new Map<string, RouteEntry>()
  let rootFile: string | null = null
  for (const file of files) {
    const named = routeFromFileName(file, tokens)
    if (!named) continue
    const appFile = prefix + file
    if (named.kind === 'root') {
      rootFile ??= appFile
      continue
    }
    if (named.kind === 'piece') continue
    let entry = byId.get(named.id)
    if (!entry) {
      entry = {
        id: named.id,
        original: named.original,
        fullPath: named.fullPath,
        kind: named.kind === 'lazy' ? 'static' : named.kind,
        index: named.index,
        file: null,
        lazyFile: null,
        files: [],
        parent: null,
        unnestedFrom: [],
      }
      byId.set(named.id, entry)
    }
    if (named.kind === 'lazy') {
      entry.lazyFile ??= appFile
      continue
    }
    if (entry.files.length === 0) {
      // the route file decides the kind and the escapes
      entry.kind = named.kind
      entry.original = named.original
      entry.fullPath = named.fullPath
      entry.file = appFile
    }
    entry.files.push(appFile)
  }
  const routes = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (const route of routes) {
    route.parent = parentOf(route.id, byId)
    route.unnestedFrom = unnestedParents(route.id, route.original)
  }
  return { routesDirectory, rootFile, routes, byId, fileCount: files.length }
}

/** The longest proper prefix of `id` (cut at a `/`) that is a route id, as the generator's prefix map finds it. */
function parentOf(id: string, byId: Map<string, RouteEntry>): string | null {
  let search = id
  for (;;) {
    const slash = search.lastIndexOf('/')
    if (slash <= 0) return null
    search = search.substring(0, slash)
    if (byId.has(search) && search !== id) return search
  }
}

/** Ids of the route and its ancestors, nearest first. */
export function ancestorsOf(table: RouteTable, id: string): RouteEntry[] {
  const chain: RouteEntry[] = []
  let current = table.byId.get(id)?.parent ?? null
  while (current) {
    const entry = table.byId.get(current)
    if (!entry) break
    chain.push(entry)
    current = entry.parent
  }
  return chain
}

/** Every route below `id` in the tree. */
export function descendantsOf(table: RouteTable, id: string): RouteEntry[] {
  const children = new Map<string, RouteEntry[]>()
  for (const route of table.routes) {
    if (!route.parent) continue
    const list = children.get(route.parent) ?? []
    list.push(route)
    children.set(route.parent, list)
  }
  const found: RouteEntry[] = []
  const visit = (parent: string) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child)
      visit(child.id)
    }
  }
  visit(id)
  return found
}
