import { readFile, stat } from 'node:fs/promises'
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

/**
 * Lockfile name -> package manager, from package-manager-detector's table (bun.lock, pnpm-lock.yaml, yarn.lock,
 * package-lock.json...).
 */
export const LOCKFILE_MANAGERS: readonly [string, PackageManagerName][] = Object.entries(LOCKS).flatMap(
  ([file, agent]) =>
    isManager(agent) && file !== 'pnpm-workspace.yaml' ? [[file, agent] as [string, PackageManagerName]] : [],
)

/** The first lockfile of `manager` in `dir`, or null. */
export async function lockfileOf(dir: string, manager: PackageManagerName): Promise<string | null> {
  return firstFile(
    dir,
    LOCKFILE_MANAGERS.filter(([, owner]) => owner === manager).map(([file]) => file),
  )
}

/** The manager named by a `packageManager` field (`pnpm@9.12.0+sha512...`), or undefined. */
export function managerFromField(field: string | undefined): PackageManagerName | undefined {
  const name = field?.replace(/^\^/, '').split('@')[0]
  return isManager(name) ? name : undefined
}

/** True for the package managers the `--package-manager` flag accepts. */
export function isPackageManagerName(name: string | undefined): name is PackageManagerName {
  return isManager(name)
}

/**
 * Yarn's major line from `yarn@4.5.0` (berry for 2+), else from `.yarnrc.yml` or yarn.lock's `__metadata` header;
 * classic otherwise.
 */
async function yarnFlavor(
  workspaceRoot: string,
  field: string | undefined,
): Promise<{ flavor: 'berry' | 'classic'; why: string }> {
  const major = field?.startsWith('yarn@') ? Number.parseInt(field.slice(5), 10) : Number.NaN
  if (!Number.isNaN(major)) return major >= 2 ? { flavor: 'berry', why: '' } : { flavor: 'classic', why: '' }
  const lock = await readFile(path.join(workspaceRoot, 'yarn.lock'), 'utf8').catch(() => null)
  if (lock !== null && /^__metadata:/m.test(lock))
    return { flavor: 'berry', why: ', as yarn.lock has a __metadata header' }
  if (lock !== null && /^# yarn lockfile v1/m.test(lock))
    return { flavor: 'classic', why: ', as yarn.lock is in the v1 format' }
  if (await firstFile(workspaceRoot, ['.yarnrc.yml'])) return { flavor: 'berry', why: ', as .yarnrc.yml is present' }
  return { flavor: 'classic', why: ', as nothing marks yarn 2+' }
}

/** Adds yarn's flavor (berry or classic) to a decision for yarn, and says so in the reason. */
async function withYarnFlavor(
  workspaceRoot: string,
  field: string | undefined,
  decision: ProjectInfo['packageManager'],
): Promise<ProjectInfo['packageManager']> {
  if (decision.name !== 'yarn') return decision
  const { flavor, why } = await yarnFlavor(workspaceRoot, field)
  return { ...decision, reason: `${decision.reason}; yarn ${flavor}${why}`, yarn: flavor }
}

/**
 * The decision with the version the `packageManager` field (of the workspace root's package.json)
 * pins for the manager it names, when it pins one.
 * @example withPinnedVersion({ name: 'yarn', ... }, { packageManager: 'yarn@4.12.0+sha512.abc' }).version // '4.12.0'
 */
export function withPinnedVersion(
  decision: ProjectInfo['packageManager'],
  packageJson: JsonObject | null,
): ProjectInfo['packageManager'] {
  const field = asString(packageJson?.packageManager)
  const version = field?.startsWith(`${decision.name}@`)
    ? field.slice(decision.name.length + 1).split('+')[0]
    : undefined
  return version === undefined ? decision : { ...decision, version }
}

/**
 * Decides the package manager of the workspace root: `override` (the `--package-manager` flag),
 * else its package.json `packageManager` field, else its lockfile (the most recently modified when
 * there are several), else pnpm for a pnpm-workspace.yaml, else npm. `reason` says which rule
 * decided; for yarn, `yarn` says berry or classic.
 * @example await detectPackageManager('/app', { packageManager: 'pnpm@10.0.0' })
 *   // { name: 'pnpm', lockfile: null, reason: '...' }
 */
export async function detectPackageManager(
  workspaceRoot: string,
  packageJson: JsonObject | null,
  override?: PackageManagerName,
): Promise<ProjectInfo['packageManager']> {
  const field = asString(packageJson?.packageManager)
  if (override) {
    const fieldFor = managerFromField(field) === override ? field : undefined
    return withYarnFlavor(workspaceRoot, fieldFor, {
      name: override,
      lockfile: await lockfileOf(workspaceRoot, override),
      reason: `--package-manager ${override}`,
    })
  }
  const fromField = managerFromField(field)
  if (fromField)
    return withYarnFlavor(workspaceRoot, field, {
      name: fromField,
      lockfile: null,
      reason: `package.json "packageManager" is ${field}`,
    })
  const found: { file: string; name: PackageManagerName; modified: number }[] = []
  for (const [file, name] of LOCKFILE_MANAGERS) {
    const stats = await stat(path.join(workspaceRoot, file)).catch(() => null)
    if (stats?.isFile()) found.push({ file, name, modified: stats.mtimeMs })
  }
  const [newest] = [...found].sort((a, b) => b.modified - a.modified)
  if (newest && found.length === 1)
    return withYarnFlavor(workspaceRoot, undefined, {
      name: newest.name,
      lockfile: newest.file,
      reason: `found ${newest.file}`,
    })
  if (newest) {
    const files = found.map((lock) => lock.file).join(' and ')
    return withYarnFlavor(workspaceRoot, undefined, {
      name: newest.name,
      lockfile: newest.file,
      reason: `found ${files}; picked ${newest.file}, the most recently modified; pass --package-manager to choose`,
    })
  }
  if (await firstFile(workspaceRoot, ['pnpm-workspace.yaml']))
    return { name: 'pnpm', lockfile: null, reason: 'no lockfile found; pnpm-workspace.yaml means pnpm' }
  return {
    name: 'npm',
    lockfile: null,
    reason: 'no lockfile found; defaulting to npm; pass --package-manager to choose',
  }
}
