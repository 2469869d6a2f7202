import { readdirSync } from 'node:fs'
import path from 'node:path'

/**
 * Files under the routes folder that may be route modules (`.ts`, `.tsx`, `.js`, `.jsx`), relative
 * to it, posix, sorted; hidden names and node_modules are skipped. Only names are read. src/routes
 * applies TanStack's naming and ignore rules to them (routeTable).
 * @example listRouteCandidates('/app/src/routes') // ['-components/Header.tsx', '__root.tsx', 'index.tsx']
 */
export function listRouteCandidates(dir: string): string[] {
  const found: string[] = []
  // joined by hand: path.join's normalizing was a fifth of listing 2,500 folders (5,000 routes)
  const base = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`
  const visit = (relative: string) => {
    let entries
    try {
      entries = readdirSync(relative ? base + relative : dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const name = entry.name
      if (name.startsWith('.') || name === 'node_modules') continue
      const child = relative ? `${relative}/${name}` : name
      if (entry.isDirectory()) visit(child)
      else if ((entry.isFile() || entry.isSymbolicLink()) && /\.(tsx|ts|jsx|js)$/.test(name)) found.push(child)
    }
  }
  visit('')
  return found.sort()
}
