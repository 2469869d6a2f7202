import path from 'node:path'
import { isFile } from './files.js'
import { asArray, asObject, asString, asStrings, isObject, readJsonFile, type JsonObject } from './json.js'

/** A `paths` alias with absolute locations. */
export interface TsconfigAlias {
  prefix: string
  target: string
  declaredIn: string
}

export interface TsconfigInfo {
  /** Absolute path of the tsconfig that governs the app's sources. */
  file: string
  aliases: TsconfigAlias[]
  /** `noPropertyAccessFromIndexSignature` after `extends`: `process.env.X` is TS4111 unless X is declared. */
  noPropertyAccessFromIndexSignature?: true
}

/**
 * The options read after `extends`: `paths` (with the file declaring it), an absolute `baseUrl`, and
 * `noPropertyAccessFromIndexSignature`.
 */
interface PathOptions {
  paths?: { value: JsonObject; file: string }
  baseUrl?: string
  noPropertyAccessFromIndexSignature?: boolean
}

/** Candidate files for an `extends` value, relative (`./base`) or a package (`@tsconfig/node20/tsconfig.json`). */
function extendsCandidates(value: string, fromDir: string): string[] {
  const withJson = (p: string) => [p, `${p}.json`]
  if (value.startsWith('.') || path.isAbsolute(value)) return withJson(path.resolve(fromDir, value))
  const candidates: string[] = []
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const inModules = path.join(dir, 'node_modules', value)
    candidates.push(...withJson(inModules), path.join(inModules, 'tsconfig.json'))
    if (path.dirname(dir) === dir) return candidates
  }
}

/** The file an `extends` value points to, or null when it cannot be found. */
async function resolveExtends(value: string, fromDir: string): Promise<string | null> {
  for (const candidate of extendsCandidates(value, fromDir)) if (await isFile(candidate)) return candidate
  return null
}

/** `paths`/`baseUrl` of a tsconfig after its `extends` chain (string or array, later entries win). */
async function pathOptions(file: string, root: string, seen: Set<string>): Promise<PathOptions> {
  seen.add(file)
  const config = (await readJsonFile(file, root)) ?? {}
  let options: PathOptions = {}
  for (const value of asStrings(config.extends)) {
    const base = await resolveExtends(value, path.dirname(file))
    if (base && !seen.has(base)) options = { ...options, ...(await pathOptions(base, root, seen)) }
  }
  const compilerOptions = asObject(config.compilerOptions)
  if (isObject(compilerOptions.paths)) options.paths = { value: compilerOptions.paths, file }
  const baseUrl = asString(compilerOptions.baseUrl)
  if (baseUrl !== undefined) options.baseUrl = path.resolve(path.dirname(file), baseUrl)
  const indexAccess = compilerOptions.noPropertyAccessFromIndexSignature
  if (typeof indexAccess === 'boolean') options.noPropertyAccessFromIndexSignature = indexAccess
  return options
}

/** The wildcard aliases of resolved `paths` (`"@/*": ["./src/*"]`); exact-name entries are skipped. */
export function pathAliases(options: PathOptions): TsconfigAlias[] {
  if (!options.paths) return []
  const { value, file } = options.paths
  const base = options.baseUrl ?? path.dirname(file)
  return Object.entries(value).flatMap(([key, targets]) => {
    const [target] = asStrings(targets)
    if (!key.endsWith('/*') || key.length < 3 || !target?.endsWith('*')) return []
    return [{ prefix: key.slice(0, -1), target: path.resolve(base, target.slice(0, -1)), declaredIn: file }]
  })
}

/**
 * True for a solution-style tsconfig that only lists `references` (`"files": []`, or nothing of its own to compile).
 */
function isSolution(config: JsonObject): boolean {
  if (asArray(config.references).length === 0) return false
  const { files, include, compilerOptions } = config
  return (
    (Array.isArray(files) && files.length === 0) ||
    (files === undefined && include === undefined && compilerOptions === undefined)
  )
}

/** The existing referenced tsconfig whose `include` covers `srcDirectory` (else the first one), absolute. */
async function referencedConfig(config: JsonObject, root: string, srcDirectory: string): Promise<string | null> {
  const files: string[] = []
  for (const reference of asArray(config.references)) {
    const target = asString(asObject(reference).path)
    if (target === undefined) continue
    const resolved = path.resolve(root, target)
    const file = target.endsWith('.json') ? resolved : path.join(resolved, 'tsconfig.json')
    if (await isFile(file)) files.push(file)
  }
  const srcHead = srcDirectory.split('/')[0]
  for (const file of files) {
    const include = asStrings((await readJsonFile(file, root))?.include)
    if (include.some((pattern) => pattern.replace(/^\.\//, '').split('/')[0] === srcHead)) return file
  }
  return files[0] ?? null
}

/**
 * The app's tsconfig (following `references` from a solution-style tsconfig.json to the one that
 * compiles `srcDirectory`) and its `paths` aliases after `extends`. Null without tsconfig.json;
 * KitError when a file in the chain is not valid JSONC.
 * @example (await readTsconfig('/app', 'src'))?.aliases
 *   // [{ prefix: '@/', target: '/app/src', declaredIn: '/app/tsconfig.json' }]
 */
export async function readTsconfig(root: string, srcDirectory: string): Promise<TsconfigInfo | null> {
  const rootFile = path.join(root, 'tsconfig.json')
  const config = await readJsonFile(rootFile, root)
  if (!config) return null
  const file = (isSolution(config) && (await referencedConfig(config, root, srcDirectory))) || rootFile
  const options = await pathOptions(file, root, new Set())
  const flag = options.noPropertyAccessFromIndexSignature ? { noPropertyAccessFromIndexSignature: true as const } : {}
  return { file, aliases: pathAliases(options), ...flag }
}
