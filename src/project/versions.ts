import path from 'node:path'
import { DATABASE_PACKAGES } from './databases.js'
import { foldersUpTo } from './files.js'
import { asObject, asString, readOptionalJsonFile, type JsonObject } from './json.js'
import type { LockedVersion } from './lockfile.js'
import type { VersionInfo } from './types.js'

/** Packages whose versions kit-auth tracks (their APIs change between versions). */
export const TRACKED_PACKAGES = [
  '@tanstack/react-start',
  '@tanstack/solid-start',
  '@tanstack/react-router',
  '@tanstack/router-generator',
  '@tanstack/router-plugin',
  '@tanstack/router-cli',
  'better-auth',
  'react',
  'vite',
  'typescript',
  ...DATABASE_PACKAGES,
] as const

/**
 * Tracked packages an app gets through Start itself, never by declaring them: any copy in the workspace is the app's.
 */
const COMES_WITH_START: ReadonlySet<string> = new Set(['@tanstack/router-generator', '@tanstack/router-plugin'])

/**
 * Resolves pnpm's `catalog:` / `catalog:<name>` against pnpm-workspace.yaml; other ranges unchanged,
 * an unknown catalog entry stays as written.
 * @example resolveCatalog('react', 'catalog:', { catalog: { react: '^19.0.0' } }) // '^19.0.0'
 */
export function resolveCatalog(pkg: string, range: string, pnpmWorkspace: JsonObject | null): string {
  if (!range.startsWith('catalog:')) return range
  const name = range.slice('catalog:'.length) || 'default'
  const catalogs = asObject(pnpmWorkspace?.catalogs)
  const catalog =
    name === 'default'
      ? { ...asObject(catalogs.default), ...asObject(pnpmWorkspace?.catalog) }
      : asObject(catalogs[name])
  return asString(catalog[pkg]) ?? range
}

/**
 * The lowest version a range allows, or null: `minVersion('^1.132.0') === '1.132.0'`, `minVersion('>=2.1') ===
 * '2.1.0'`.
 */
export function minVersion(range: string | null): string | null {
  const match = range === null ? null : /(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?/.exec(range)
  if (!match) return null
  return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}${match[4] ?? ''}`
}

/** The version in `<dir>/node_modules/<pkg>/package.json` for the first of `dirs` that has it. */
async function installedVersion(pkg: string, dirs: readonly string[]): Promise<string | null> {
  for (const dir of dirs) {
    const version = asString((await readOptionalJsonFile(path.join(dir, 'node_modules', pkg, 'package.json')))?.version)
    if (version) return version
  }
  return null
}

export interface VersionSources {
  root: string
  workspaceRoot: string
  /** The app's declared ranges, name -> range as written. */
  declared: Record<string, string>
  /** Names the workspace root's package.json declares (empty, or the app's own, outside a workspace). */
  workspaceDeclared?: ReadonlySet<string>
  pnpmWorkspace: JsonObject | null
  lockfile: LockedVersion | null
}

/**
 * One package's version: installed (node_modules, then lockfile), else the declared range.
 * In a workspace, a package that neither the app nor the workspace root declares (and that does not
 * come with Start) belongs to some other package: only the app's own node_modules folder and the
 * lockfile's entries for the app count, never a hoisted copy or a sibling's pin.
 */
export async function packageVersion(pkg: string, sources: VersionSources): Promise<VersionInfo> {
  const written = sources.declared[pkg]
  const declared = written === undefined ? null : resolveCatalog(pkg, written, sources.pnpmWorkspace)
  const ownOnly =
    written === undefined &&
    sources.root !== sources.workspaceRoot &&
    !sources.workspaceDeclared?.has(pkg) &&
    !COMES_WITH_START.has(pkg)
  const folders = ownOnly ? [sources.root] : foldersUpTo(sources.root, sources.workspaceRoot)
  const fromModules = await installedVersion(pkg, folders)
  if (fromModules) return { declared, installed: fromModules, source: 'node_modules' }
  const fromLockfile = sources.lockfile?.(pkg, declared, { ownOnly }) ?? null
  if (fromLockfile) return { declared, installed: fromLockfile, source: 'lockfile' }
  if (declared === null) return { declared, installed: null, source: 'none' }
  return {
    declared,
    installed: null,
    source: written?.startsWith('catalog:') && declared !== written ? 'catalog' : 'declared',
  }
}

/** Versions of every tracked package that is declared or installed, keyed by name. */
export async function collectVersions(sources: VersionSources): Promise<Record<string, VersionInfo>> {
  const versions: Record<string, VersionInfo> = {}
  for (const pkg of TRACKED_PACKAGES) {
    const info = await packageVersion(pkg, sources)
    if (info.source !== 'none') versions[pkg] = info
  }
  return versions
}
