import path from 'node:path'
import { listFiles } from './files.js'

/** Source files kit-auth reads: JS/TS modules, not declarations nor the generated route tree. */
export function isSourceFile(file: string): boolean {
  const name = path.basename(file)
  return /\.[cm]?[jt]sx?$/.test(name) && !/\.d\.[cm]?ts$/.test(name) && !name.startsWith('routeTree.gen.')
}

/** Up to `limit` source files under `dir` (absolute paths, name order). */
export async function listSourceFiles(dir: string, limit: number): Promise<string[]> {
  return listFiles(dir, isSourceFile, limit)
}

/**
 * The module specifiers a file imports, from a cheap text scan (good enough to count alias uses):
 * `from '…'`, `import '…'`, `import('…')`.
 * @example importSpecifiers("import a from '#/lib/a'\nconst b = await import('./b')") // ['#/lib/a', './b']
 */
export function importSpecifiers(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g)].map((match) => match[2] ?? '')
}
