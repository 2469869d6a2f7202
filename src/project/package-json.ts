import path from 'node:path'
import { KitError } from '../core/errors.js'
import { asObject, asString, readJsonFile, type JsonObject } from './json.js'

/** The dependency fields kit-auth reads, in the order a range is looked up. */
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies'] as const

/** The package.json in `dir`, or null when there is none (KitError when it is malformed). */
export async function readPackageJson(dir: string): Promise<JsonObject | null> {
  return readJsonFile(path.join(dir, 'package.json'), dir)
}

/** The app's package.json; KitError when `dir` has none. */
export async function requirePackageJson(dir: string): Promise<JsonObject> {
  const pkg = await readPackageJson(dir)
  if (pkg) return pkg
  throw new KitError(`No package.json in ${dir}`, 'Run kit-auth in your TanStack Start app folder, or pass --cwd <app dir>.')
}

/** Every dependency declared in `dependencies`/`devDependencies`, name -> range (dependencies win). */
export function declaredDependencies(pkg: JsonObject): Record<string, string> {
  const ranges: Record<string, string> = {}
  for (const field of [...DEPENDENCY_FIELDS].reverse()) {
    for (const [name, range] of Object.entries(asObject(pkg[field]))) {
      const value = asString(range)
      if (value !== undefined) ranges[name] = value
    }
  }
  return ranges
}
