import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A fresh temp folder holding the given files (path -> content). */
export function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-test-'))
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), content)
  }
  return root
}

/** Every file and folder under root with its content ('<dir>' for folders), for byte-exact comparisons. */
export function snapshotTree(root: string): Record<string, string> {
  const result: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      const rel = path.relative(root, full).split(path.sep).join('/')
      if (name === 'node_modules') continue
      if (statSync(full).isDirectory()) {
        result[rel] = '<dir>'
        walk(full)
      } else {
        result[rel] = readFileSync(full, 'utf8')
      }
    }
  }
  walk(root)
  return result
}
