import path from 'node:path'
import { parseYaml } from './yaml.js'
import { readText } from './files.js'
import { asObject, asString, parseJsonc, type JsonObject } from './json.js'

/**
 * Looks up the version a lockfile pins for a package (`range` is the declared range, used to pick
 * among several). With `ownOnly`, only an entry that belongs to the app itself counts (its importer
 * in pnpm, its own `node_modules` in npm); yarn and bun lockfiles do not say whose an entry is.
 */
export type LockedVersion = (pkg: string, range: string | null, options?: { ownOnly?: boolean }) => string | null

/** Orders dotted versions numerically: `compareVersions('1.10.0', '1.9.3') > 0`. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0)
  const [pa, pb] = [parts(a), parts(b)]
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}

/** The highest of some versions, or null. */
function highest(versions: readonly string[]): string | null {
  return [...versions].sort(compareVersions).at(-1) ?? null
}

/** Splits `name@version` (scoped names keep their leading `@`): `splitSpec('@a/b@1.0.0') -> ['@a/b', '1.0.0']`. */
function splitSpec(spec: string): [string, string] {
  const at = spec.indexOf('@', 1)
  return at < 0 ? [spec, ''] : [spec.slice(0, at), spec.slice(at + 1)]
}

/** A pinned version without pnpm's peer suffix (`1.2.3(react@19.0.0)`, v5 `1.2.3_react@18.0.0`), or null for links. */
function cleanPnpmVersion(version: string | undefined): string | null {
  const clean = version?.replace(/[(_].*$/, '')
  return clean && /^\d/.test(clean) ? clean : null
}

/** package-lock.json / npm-shrinkwrap.json (v1 to v3); `appDir` is the app folder relative to the lockfile. */
function npmLockfile(lock: JsonObject, appDir: string): LockedVersion {
  const packages = asObject(lock.packages)
  return (pkg, _range, options) => {
    const own = appDir === '.' ? `node_modules/${pkg}` : `${appDir}/node_modules/${pkg}`
    const keys = appDir === '.' || options?.ownOnly ? [own] : [own, `node_modules/${pkg}`]
    for (const key of keys) {
      const version = asString(asObject(packages[key]).version)
      if (version) return version
    }
    if (options?.ownOnly) return null
    return asString(asObject(asObject(lock.dependencies)[pkg]).version) ?? null
  }
}

/** pnpm-lock.yaml: the app's importer entry first, else the highest version among the `packages` keys. */
function pnpmLockfile(lock: JsonObject, appDir: string): LockedVersion {
  const importer = lock.importers === undefined ? lock : asObject(asObject(lock.importers)[appDir])
  return (pkg, _range, options) => {
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const entry = asObject(importer[field])[pkg]
      const version = cleanPnpmVersion(asString(entry) ?? asString(asObject(entry).version))
      if (version) return version
    }
    if (options?.ownOnly) return null
    const pinned = Object.keys(asObject(lock.packages))
      .map((key) => splitSpec(key.replace(/^\//, '')))
      .filter(([name]) => name === pkg)
      .map(([, version]) => cleanPnpmVersion(version))
    return highest(pinned.filter((version): version is string => version !== null))
  }
}

/** yarn.lock, classic and berry: the entry whose descriptor matches the declared range, else the highest. */
function yarnLockfile(text: string): LockedVersion {
  const entries: { descriptors: string[]; version: string }[] = []
  let descriptors: string[] | null = null
  for (const line of text.split(/\r?\n/)) {
    if (/^[^\s#].*:$/.test(line)) descriptors = line.slice(0, -1).replaceAll('"', '').split(/,\s*/)
    const version = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line)?.[1]
    if (version && descriptors) {
      entries.push({ descriptors, version })
      descriptors = null
    }
  }
  return (pkg, range, options) => {
    if (options?.ownOnly) return null
    const matching = entries.filter((entry) => entry.descriptors.some((d) => splitSpec(d)[0] === pkg))
    const exact = matching.find((entry) =>
      entry.descriptors.some((d) => d === `${pkg}@${range}` || d === `${pkg}@npm:${range}`),
    )
    return exact?.version ?? highest(matching.map((entry) => entry.version))
  }
}

/** bun.lock (JSONC): `packages[name][0]` is `name@version`. */
function bunLockfile(lock: JsonObject): LockedVersion {
  const packages = asObject(lock.packages)
  return (pkg, _range, options) => {
    if (options?.ownOnly) return null
    const entry = packages[pkg]
    const version = Array.isArray(entry) ? splitSpec(asString(entry[0]) ?? '')[1] : ''
    return /^\d/.test(version) ? version : null
  }
}

/**
 * Reads a lockfile once and returns its version lookup, or null when it is missing, binary
 * (bun.lockb) or unreadable. `appDir` is the app folder relative to the lockfile's folder (`.`).
 * @example (await loadLockfile('/repo/pnpm-lock.yaml', 'apps/web'))?.('react', '^19.0.0') // '19.2.0'
 */
export async function loadLockfile(file: string, appDir: string): Promise<LockedVersion | null> {
  const text = await readText(file)
  if (text === null) return null
  try {
    switch (path.basename(file)) {
      case 'package-lock.json':
      case 'npm-shrinkwrap.json':
        return npmLockfile(asObject(JSON.parse(text)), appDir)
      case 'pnpm-lock.yaml':
        return pnpmLockfile(asObject(parseYaml(text)), appDir)
      case 'yarn.lock':
        return yarnLockfile(text)
      case 'bun.lock':
        return bunLockfile(parseJsonc(text, 'bun.lock'))
      default:
        return null
    }
  } catch {
    return null
  }
}
