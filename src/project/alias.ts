import path from 'node:path'
import { isInside, relPosix } from './files.js'
import { isObject, type JsonObject } from './json.js'
import type { TsconfigInfo } from './tsconfig.js'
import type { ImportAlias } from './types.js'
import type { ViteConfigInfo } from './vite-config.js'

/** Where aliases can be declared, in tie-break order. */
export interface AliasSources {
  root: string
  packageJson: JsonObject
  tsconfig: TsconfigInfo | null
  vite: ViteConfigInfo | null
}

/** The string targets of a package.json `imports` value (a string, or a conditions object in condition order). */
function importsTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return isObject(value) ? Object.values(value).flatMap(importsTargets) : []
}

/** Every declared alias, unranked (`uses: 0`), as [prefix, absolute target, declaredIn]. */
function declaredAliases({ root, packageJson, tsconfig, vite }: AliasSources): [string, string, string][] {
  const found: [string, string, string][] = []
  for (const [key, value] of Object.entries(isObject(packageJson.imports) ? packageJson.imports : {})) {
    const target = importsTargets(value).find((t) => t.endsWith('/*'))
    if (key.endsWith('/*') && key.length > 2 && target)
      found.push([key.slice(0, -1), path.resolve(root, target.slice(0, -1)), 'package.json#imports'])
  }
  for (const alias of tsconfig?.aliases ?? [])
    found.push([alias.prefix, alias.target, relPosix(root, alias.declaredIn)])
  for (const alias of vite?.aliases ?? []) {
    const prefix = `${alias.find.replace(/\/?\*?$/, '')}/`
    if (vite && prefix !== '/') found.push([prefix, path.resolve(root, alias.replacement), vite.file])
  }
  return found
}

/**
 * The aliases that point into the app, one per prefix (package.json `imports` first, then tsconfig
 * `paths`, then vite `resolve.alias`), with their use counts in `specifiers`, most used first.
 * @example rankAliases(sources, ['#/lib/x', '@/a'])
 *   // [{ prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 1 }, ...]
 */
export function rankAliases(sources: AliasSources, specifiers: readonly string[]): ImportAlias[] {
  const byPrefix = new Map<string, ImportAlias>()
  for (const [prefix, absolute, declaredIn] of declaredAliases(sources)) {
    const target = relPosix(sources.root, absolute)
    if (byPrefix.has(prefix) || !isInside(target)) continue
    byPrefix.set(prefix, { prefix, target, declaredIn, uses: specifiers.filter((s) => s.startsWith(prefix)).length })
  }
  return [...byPrefix.values()].sort((a, b) => b.uses - a.uses)
}
