import { readFileSync } from 'node:fs'
import { readFile, readdir, stat } from 'node:fs/promises'
import path from 'node:path'

/** Folders never worth walking into when looking for sources or packages. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', 'out'])

/** A file's text, or null when it does not exist or is not readable. */
export async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch {
    return null
  }
}

/** readText, synchronously (for callers that read a handful of small files one by one). */
export function readTextSync(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** True when something (file or folder) exists at `p`. */
export async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null
}

/** True when `file` exists and is a regular file. */
export async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false
}

/** The first of `names` that is a file in `dir`, or null: `firstFile(root, ['vite.config.ts', 'vite.config.js'])`. */
export async function firstFile(dir: string, names: readonly string[]): Promise<string | null> {
  for (const name of names) if (await isFile(path.join(dir, name))) return name
  return null
}

/** `to` relative to `from`, with posix separators; `.` for the same folder: `relPosix('/a', '/a/b/c') === 'b/c'`. */
export function relPosix(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/') || '.'
}

/** True when a relative path stays inside its base folder (`src`, `.`; not `../x` or `/abs`). */
export function isInside(relative: string): boolean {
  return relative !== '..' && !relative.startsWith('../') && !path.isAbsolute(relative)
}

/** Subfolders of `dir` (skipping hidden and build/dependency folders), sorted by name. */
export async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name))
    .map((entry) => entry.name)
    .sort()
}

/**
 * Files under `dir` accepted by `keep`, depth first in name order, at most `limit` of them, skipping
 * hidden and build/dependency folders. Paths are absolute.
 * @example await listFiles('/app/src', (f) => f.endsWith('.ts'), 200)
 */
export async function listFiles(dir: string, keep: (file: string) => boolean, limit: number): Promise<string[]> {
  const found: string[] = []
  const visit = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true }).catch(() => [])
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (found.length >= limit) return
      const full = path.join(current, entry.name)
      if (entry.isFile() && keep(full)) found.push(full)
      else if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) await visit(full)
    }
  }
  await visit(dir)
  return found
}

/** `from` and its ancestors up to and including `top` (just `from` when `top` is not an ancestor). */
export function foldersUpTo(from: string, top: string): string[] {
  const folders = [from]
  for (let dir = from; dir !== top && path.dirname(dir) !== dir;) {
    dir = path.dirname(dir)
    folders.push(dir)
  }
  return isInside(relPosix(top, from)) ? folders : [from]
}
