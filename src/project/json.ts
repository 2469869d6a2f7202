import path from 'node:path'
import ts from '../../lib/typescript.js'
import { KitError } from '../core/errors.js'
import { readText, relPosix } from './files.js'

export type JsonObject = Record<string, unknown>

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value when it is an object, else an empty object: `asObject(pkg.dependencies).react`. */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {}
}

/** The value when it is an array, else an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** The value when it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The string items of a value that is a string or an array (`extends`, `workspaces`), else []. */
export function asStrings(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value]
  return items.filter((item): item is string => typeof item === 'string')
}

/** The KitError for a file that cannot be parsed, located at a 1-based line:column. */
export function syntaxError(label: string, line: number, column: number, message: string): KitError {
  return new KitError(
    `Cannot parse ${label} at ${line}:${column}: ${message}`,
    `Fix the syntax error in ${label}, then run kit-auth again.`,
    {
      details: { file: label, line, column },
    },
  )
}

/**
 * Parses JSON with comments and trailing commas (tsconfig, biome.jsonc, bun.lock) with TypeScript's
 * own parser; throws a KitError naming `label` and the line:column of the first syntax error.
 * @example parseJsonc('{ "a": 1, // note\n }', 'tsconfig.json') // { a: 1 }
 */
export function parseJsonc(text: string, label: string): JsonObject {
  const { config, error } = ts.parseConfigFileTextToJson(label, text)
  if (error?.file) {
    const { line, character } = error.file.getLineAndCharacterOfPosition(error.start ?? 0)
    throw syntaxError(label, line + 1, character + 1, ts.flattenDiagnosticMessageText(error.messageText, ' '))
  }
  return asObject(config)
}

/**
 * Reads a JSON or JSONC object file (strict JSON fast path): null when missing, KitError naming it (relative to `root`)
 * when malformed.
 */
export async function readJsonFile(file: string, root: string): Promise<JsonObject | null> {
  const text = await readText(file)
  if (text === null) return null
  try {
    return asObject(JSON.parse(text))
  } catch {
    return parseJsonc(text, relPosix(root, file))
  }
}

/** Like readJsonFile, but a malformed optional file (lockfile, formatter config) counts as absent. */
export async function readOptionalJsonFile(file: string): Promise<JsonObject | null> {
  return readJsonFile(file, path.dirname(file)).catch(() => null)
}
