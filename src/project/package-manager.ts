import { stat } from 'node:fs/promises'
import path from 'node:path'
import { LOCKS } from 'package-manager-detector/constants'
import { firstFile } from './files.js'
import { asString, type JsonObject } from './json.js'
import type { PackageManagerName, ProjectInfo } from './types.js'

const MANAGERS: readonly string[] = ['npm', 'pnpm', 'yarn', 'bun'] satisfies PackageManagerName[]

/** True for a package manager kit-auth can drive. */
function isManager(name: string | undefined): name is PackageManagerName {
  return name !== undefined && MANAGERS.includes(name)
}

/** Lockfile name -> package manager, from package-manager-detector's table (bun.lock, pnpm-lock.yaml, yarn.lock, package-lock.json...). */
export const LOCKFILE_MANAGERS: readonly [string, PackageManagerName][] = Object.entries(LOCKS).flatMap(([file, agent]) =>
  isManager(agent) && file !== 'pnpm-workspace.yaml' ? [[file, agent] as [string, PackageManagerName]] : [],
)

/** The first lockfile of `manager` in `dir`, or null. */
export async function lockfileOf(dir: string, manager: PackageManagerName): Promise<string | null> {
  return firstFile(dir, LOCKFILE_MANAGERS.filter(([, owner]) => owner === manager).map(([file]) => file))
}

/** The manager named by a `packageManager` field (`pnpm@9.12.0+sha512...`), or undefined. */
export function managerFromField(field: string | undefined): PackageManagerName | undefined {
  const name = field?.replace(/^\^/, '').split('@')[0]
  return isManager(name) ? name : undefined
}

/**
 * Decides the package manager of the workspace root: its package.json `packageManager` field, else
 * its lockfile (the most recently modified when there are several), else pnpm for a
 * pnpm-workspace.yaml, else npm. `reason` says which rule decided.
 * @example await detectPackageManager('/app', { packageManager: 'pnpm@10.0.0' }) // { name: 'pnpm', lockfile: null, reason: '...' }
 */
export async function detectPackageManager(workspaceRoot: string, packageJson: JsonObject | null): Promise<ProjectInfo['packageManager']> {
  const field = asString(packageJson?.packageManager)
  const fromField = managerFromField(field)
  if (fromField) return { name: fromField, lockfile: null, reason: `package.json "packageManager" is ${field}` }
  const found: { file: string; name: PackageManagerName; modified: number }[] = []
  for (const [file, name] of LOCKFILE_MANAGERS) {
    const stats = await stat(path.join(workspaceRoot, file)).catch(() => null)
    if (stats?.isFile()) found.push({ file, name, modified: stats.mtimeMs })
  }
  const [newest] = [...found].sort((a, b) => b.modified - a.modified)
  if (newest && found.length === 1) return { name: newest.name, lockfile: newest.file, reason: `found ${newest.file}` }
  if (newest) {
    const files = found.map((lock) => lock.file).join(' and ')
    return { name: newest.name, lockfile: newest.file, reason: `found ${files}; picked ${newest.file}, the most recently modified` }
  }
  if (await firstFile(workspaceRoot, ['pnpm-workspace.yaml'])) return { name: 'pnpm', lockfile: null, reason: 'no lockfile found; pnpm-workspace.yaml means pnpm' }
  return { name: 'npm', lockfile: null, reason: 'no lockfile found; defaulting to npm' }
}
