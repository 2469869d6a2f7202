import { readdir } from 'node:fs/promises'
import path from 'node:path'
import ts from '../../lib/typescript.js'
import { parse, walk } from '../codemods/js/parse.js'
import { listFiles, readText, relPosix } from './files.js'
import type { ProjectInfo } from './types.js'

/** How the declaration file kit-auth writes (`lib/auth/env.d.ts`) starts: it rewrites only a file that does. */
export const ENV_TYPES_MARKER = '// kit-auth: the process.env keys its files read'

const SCAN_LIMIT = 2000

/**
 * The names an `interface ProcessEnv` (in `namespace NodeJS`, global or `declare global`) declares in `text`.
 * @example processEnvMembers('declare namespace NodeJS { interface ProcessEnv { CI: "1" } }') // ['CI']
 */
export function processEnvMembers(text: string, file = 'env.d.ts'): string[] {
  if (!text.includes('ProcessEnv')) return []
  return [...walk(parse(text, file))].flatMap((node) =>
    ts.isInterfaceDeclaration(node) && node.name.text === 'ProcessEnv'
      ? node.members.flatMap(({ name }) =>
          name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? [name.text] : [],
        )
      : [],
  )
}

/**
 * The `process.env` keys `X` a module reads as `process.env.X` (the reads `noPropertyAccessFromIndexSignature`
 * refuses unless X is declared), from its syntax tree, in order of first read.
 * @example processEnvReads("const a = process.env.SMTP_URL ?? process.env['B']") // ['SMTP_URL']
 */
export function processEnvReads(text: string, file = 'module.ts'): string[] {
  if (!text.includes('process')) return []
  const keys = new Set<string>()
  for (const node of walk(parse(text, file))) {
    if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.name)) continue
    const owner = node.expression
    if (
      ts.isPropertyAccessExpression(owner) &&
      ts.isIdentifier(owner.expression) &&
      owner.expression.text === 'process' &&
      owner.name.text === 'env'
    )
      keys.add(node.name.text)
  }
  return [...keys]
}

/** A file `process.env` may be typed or read in: a module or a declaration (`.ts`, `.d.ts`, `.tsx`, `.mts`...). */
export function isTypedFile(file: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/.test(file)
}

/** A declaration file (`.d.ts`): it reads nothing. */
export function isDeclarationFile(file: string): boolean {
  return /\.d\.[cm]?ts$/.test(file)
}

/**
 * The `process.env` keys the app types itself, in its sources (`srcDirectory`), its `types/` folder and the
 * declarations at its root; kit-auth's own `env.d.ts` (ENV_TYPES_MARKER) is left out. Declaring one of them again
 * with another type would be TS2717, so kit-auth's declaration file skips them.
 */
export async function declaredProcessEnvKeys(root: string, srcDirectory: string): Promise<string[]> {
  const files = [
    ...(await listFiles(path.join(root, srcDirectory), isTypedFile, SCAN_LIMIT)),
    ...(await listFiles(path.join(root, 'types'), isTypedFile, SCAN_LIMIT)),
    ...(await readdir(root).catch(() => [])).filter(isDeclarationFile).map((name) => path.join(root, name)),
  ]
  const keys = new Set<string>()
  for (const file of new Set(files)) {
    const text = (await readText(file)) ?? ''
    if (text.startsWith(ENV_TYPES_MARKER)) continue
    for (const key of processEnvMembers(text, relPosix(root, file))) keys.add(key)
  }
  return [...keys].sort()
}

/**
 * What `planEnvTypes` leaves out: the `process.env` keys the app types itself, for an app whose tsconfig makes kit-auth
 * declare them (`processEnvTyping`); none otherwise, without reading a file.
 */
export async function appProcessEnvKeys(
  project: Pick<ProjectInfo, 'root' | 'srcDirectory' | 'processEnvTyping'>,
): Promise<string[]> {
  return project.processEnvTyping ? declaredProcessEnvKeys(project.root, project.srcDirectory) : []
}
