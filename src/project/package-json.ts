import path from 'node:path'
import { KitError } from '../core/errors.js'
import { readText } from './files.js'
import { asObject, asString, parseJsonc, type JsonObject } from './json.js'

/** The dependency fields kit-auth reads, in the order a range is looked up. */
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies'] as const

/**
 * The package.json in `dir`, or null when there is none. Strict JSON, as npm reads it: a
 * comment or trailing comma is a KitError naming the file (later steps edit it as JSON).
 */
export async function readPackageJson(dir: string): Promise<JsonObject | null> {
  const file = path.join(dir, 'package.json')
  const text = await readText(file)
  if (text === null) return null
  try {
    return asObject(JSON.parse(text))
  } catch {
    // Where it breaks, when it breaks even as JSONC; else it only has comments or trailing commas.
    parseJsonc(text, 'package.json')
    throw new KitError(
      `${file} has comments or trailing commas, which package managers do not accept.`,
      'Make it plain JSON, then run kit-auth again.',
    )
  }
}

/** The app's package.json; KitError when `dir` has none. */
export async function requirePackageJson(dir: string): Promise<JsonObject> {
  const pkg = await readPackageJson(dir)
  if (pkg) return pkg
  throw new KitError(
    `No package.json in ${dir}`,
    'Run kit-auth in your TanStack Start app folder, or pass --cwd <app dir>.',
  )
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
