import { readdir } from 'node:fs/promises'
import path from 'node:path'
import ts from '../../lib/typescript.js'
import { listFiles, readText, relPosix } from './files.js'

/** How the declaration file kit-auth writes (`lib/auth/env.d.ts`) starts: it rewrites only a file that does. */
export const ENV_TYPES_MARKER = '// kit-auth: the process.env keys its files read'

/** Declarations and modules an app may type `process.env` in. */
const TYPED_FILE = /\.(?:[cm]?ts|tsx)$/
const SCAN_LIMIT = 2000

/**
 * The names an `interface ProcessEnv` (in `namespace NodeJS`, global or `declare global`) declares in `text`.
 * @example processEnvMembers('declare namespace NodeJS { interface ProcessEnv { CI: "1" } }') // ['CI']
 */
export function processEnvMembers(text: string, file = 'env.d.ts'): string[] {
  if (!text.includes('ProcessEnv')) return []
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false)
  const names: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'ProcessEnv') {
      for (const member of node.members) {
        const name = member.name
        if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) names.push(name.text)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return names
}

/**
 * The `process.env` keys `X` a module reads as `process.env.X` (the reads `noPropertyAccessFromIndexSignature`
 * refuses unless X is declared), from its syntax tree, in order of first read.
 * @example processEnvReads("const a = process.env.SMTP_URL ?? process.env['B']") // ['SMTP_URL']
 */
export function processEnvReads(text: string, file = 'module.ts'): string[] {
  if (!text.includes('process')) return []
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind)
  const keys = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
      const owner = node.expression
      if (
        ts.isPropertyAccessExpression(owner) &&
        ts.isIdentifier(owner.expression) &&
        owner.expression.text === 'process' &&
        owner.name.text === 'env'
      )
        keys.add(node.name.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return [...keys]
}

/**
 * The `process.env` keys the app types itself, in its sources (`srcDirectory`), its `types/` folder and the
 * declarations at its root; kit-auth's own `env.d.ts` (ENV_TYPES_MARKER) is left out. Declaring one of them again
 * with another type would be TS2717, so kit-auth's declaration file skips them.
 */
export async function declaredProcessEnvKeys(root: string, srcDirectory: string): Promise<string[]> {
  const typed = (file: string) => TYPED_FILE.test(file)
  const files = [
    ...(await listFiles(path.join(root, srcDirectory), typed, SCAN_LIMIT)),
    ...(await listFiles(path.join(root, 'types'), typed, SCAN_LIMIT)),
    ...(await readdir(root).catch(() => []))
      .filter((name) => /\.d\.[cm]?ts$/.test(name))
      .map((name) => path.join(root, name)),
  ]
  const keys = new Set<string>()
  for (const file of new Set(files)) {
    const text = (await readText(file)) ?? ''
    if (text.startsWith(ENV_TYPES_MARKER)) continue
    for (const key of processEnvMembers(text, relPosix(root, file))) keys.add(key)
  }
  return [...keys].sort()
}
