import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const created: string[] = []

afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })))
})

/** A minimal React Start package.json, with extra fields merged in. */
export function startPackageJson(extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { name: 'app', dependencies: { '@tanstack/react-start': '^1.132.0', react: '^19.0.0' }, ...extra },
    null,
    2,
  )
}

/** Writes `files` (relative path -> content) into a fresh folder under the OS temp dir, removed after the suite. */
export async function makeTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kit-auth-inspect-'))
  created.push(root)
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true })
    await writeFile(path.join(root, relative), content)
  }
  return root
}

/** Sets a file's modification time (seconds since the epoch). */
export async function touch(file: string, seconds: number): Promise<void> {
  await utimes(file, seconds, seconds)
}
