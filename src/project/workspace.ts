import path from 'node:path'
import { parseYaml } from './yaml.js'
import { exists, firstFile, readText, relPosix, subdirectories } from './files.js'
import { asObject, asStrings, isObject, type JsonObject } from './json.js'
import { startFramework } from './framework.js'
import { declaredDependencies, readPackageJson } from './package-json.js'
import { LOCKFILE_MANAGERS } from './package-manager.js'

/** Lockfiles that mark the root of an install. */
const LOCKFILES = LOCKFILE_MANAGERS.map(([file]) => file)

/** How deep `**` patterns are followed when listing workspace packages. */
const MAX_GLOBSTAR_DEPTH = 4

/** The parsed pnpm-workspace.yaml in `dir`, or null when absent or malformed. */
export async function readPnpmWorkspace(dir: string): Promise<JsonObject | null> {
  const text = await readText(path.join(dir, 'pnpm-workspace.yaml'))
  if (text === null) return null
  try {
    return asObject(parseYaml(text))
  } catch {
    return null
  }
}

/**
 * The version catalogs of the workspace at `dir`, shaped as pnpm-workspace.yaml shapes them
 * (`{ catalog, catalogs }`): pnpm-workspace.yaml's, else bun's in the root package.json (top level, or
 * inside `workspaces`). Null when there is none.
 * @example await workspaceCatalogs('/repo') // { catalog: { 'better-auth': '1.6.34' }, catalogs: {} }
 */
export async function workspaceCatalogs(dir: string): Promise<JsonObject | null> {
  const pnpm = await readPnpmWorkspace(dir)
  if (pnpm) return pnpm
  const manifest = await readPackageJson(dir).catch(() => null)
  if (!manifest) return null
  const workspaces = asObject(manifest.workspaces)
  const catalog = { ...asObject(manifest.catalog), ...asObject(workspaces.catalog) }
  const catalogs = { ...asObject(manifest.catalogs), ...asObject(workspaces.catalogs) }
  return Object.keys(catalog).length > 0 || Object.keys(catalogs).length > 0 ? { catalog, catalogs } : null
}

/**
 * The workspace package patterns declared in `dir` (pnpm-workspace.yaml `packages`, else package.json
 * `workspaces` as an array or `{ packages }`), or null when `dir` declares no workspace. A
 * pnpm-workspace.yaml without `packages` only holds settings and declares nothing.
 */
export async function workspacePatterns(dir: string): Promise<string[] | null> {
  const pnpm = await readPnpmWorkspace(dir)
  if (pnpm && Array.isArray(pnpm.packages)) return asStrings(pnpm.packages)
  const workspaces = (await readPackageJson(dir).catch(() => null))?.workspaces
  if (Array.isArray(workspaces)) return asStrings(workspaces)
  if (isObject(workspaces) && Array.isArray(workspaces.packages)) return asStrings(workspaces.packages)
  return null
}

/** Regex for one glob path segment (`*`, `?`, literals). */
function segmentRegex(segment: string): RegExp {
  const source = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
  return new RegExp(`^${source}$`)
}

/** True when the relative posix path matches a workspace glob (`apps/*`, `packages/**`, `tools/cli`). */
export function matchesGlob(relative: string, pattern: string): boolean {
  const clean = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '').split('/').filter(Boolean)
  const match = (parts: string[], globs: string[]): boolean => {
    const [glob, ...restGlobs] = globs
    if (glob === undefined) return parts.length === 0
    if (glob === '**') return match(parts, restGlobs) || (parts.length > 0 && match(parts.slice(1), globs))
    const [part, ...restParts] = parts
    return part !== undefined && segmentRegex(glob).test(part) && match(restParts, restGlobs)
  }
  return match(clean(relative), clean(pattern))
}

/** True when `relative` is matched by the patterns and not excluded by a later `!pattern`. */
export function inWorkspace(relative: string, patterns: readonly string[]): boolean {
  let included = false
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesGlob(relative, pattern.slice(1))) included = false
    } else if (matchesGlob(relative, pattern)) included = true
  }
  return included
}

/** Folders (relative posix paths) under `root` that hold a package.json and match the workspace patterns. */
export async function workspacePackages(root: string, patterns: readonly string[]): Promise<string[]> {
  const depth = Math.max(
    0,
    ...patterns.map((p) => (p.includes('**') ? MAX_GLOBSTAR_DEPTH : p.replace(/^!/, '').split('/').length)),
  )
  const found: string[] = []
  const visit = async (relative: string, level: number): Promise<void> => {
    if (level > depth) return
    const dir = path.join(root, relative)
    if (relative !== '' && inWorkspace(relative, patterns) && (await firstFile(dir, ['package.json'])))
      found.push(relative)
    for (const child of await subdirectories(dir))
      await visit(relative === '' ? child : `${relative}/${child}`, level + 1)
  }
  await visit('', 0)
  return found
}

/**
 * The folder that owns the install for the app at `root`: the nearest ancestor whose workspace
 * patterns include the app, else `root`. The walk stops at an ancestor with a lockfile that does not
 * include the app, or at a `.git` (a fixture inside another repo is its own root).
 * @example await findWorkspaceRoot('/repo/apps/web') // '/repo' when /repo/pnpm-workspace.yaml lists apps/*
 */
export async function findWorkspaceRoot(root: string): Promise<string> {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (dir !== root) {
      const patterns = await workspacePatterns(dir)
      if (patterns && inWorkspace(relPosix(dir, root), patterns)) return dir
      if (await firstFile(dir, LOCKFILES)) return root
    }
    if ((await exists(path.join(dir, '.git'))) || path.dirname(dir) === dir) return root
  }
}

/** The workspace packages (relative posix paths) that are TanStack React Start apps. */
export async function startAppsIn(root: string, patterns: readonly string[]): Promise<string[]> {
  const apps: string[] = []
  for (const relative of await workspacePackages(root, patterns)) {
    const pkg = await readPackageJson(path.join(root, relative)).catch(() => null)
    if (pkg && startFramework(declaredDependencies(pkg)) === '@tanstack/react-start') apps.push(relative)
  }
  return apps
}
