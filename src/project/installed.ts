import { existsSync } from 'node:fs'
import path from 'node:path'
import type { ProjectInfo } from './types.js'

/** The packages kit-auth adds to an app (plans/versions.ts AUTH_DEPENDENCIES): inspection records which it found. */
export const AUTH_PACKAGES = ['better-auth', 'better-sqlite3', '@types/better-sqlite3', 'pg', '@types/pg'] as const

export type AuthPackage = (typeof AUTH_PACKAGES)[number]

/**
 * Which of AUTH_PACKAGES are installed: a `node_modules/<name>/package.json` in the app or at the
 * workspace root (where a workspace install puts them).
 * @example installedPackages('/app', '/app') // ['better-auth']
 */
export function installedPackages(root: string, workspaceRoot: string): string[] {
  return AUTH_PACKAGES.filter((name) =>
    [root, workspaceRoot].some((dir) => existsSync(path.join(dir, 'node_modules', name, 'package.json'))),
  )
}

/**
 * Whether the installed copy of a native package (the one Node resolves from the app: its own
 * node_modules, else a hoisted one up to the workspace root) has its compiled addon. Asked after an
 * install (by the install task), so never part of the inspection.
 */
export function hasNativeBuild(project: Pick<ProjectInfo, 'root' | 'workspaceRoot'>, name: string): boolean {
  const packageDir = installedPackageDir(project, name)
  return packageDir === null || existsSync(path.join(packageDir, 'build', 'Release'))
}

function installedPackageDir(project: Pick<ProjectInfo, 'root' | 'workspaceRoot'>, name: string): string | null {
  const stop = path.resolve(project.workspaceRoot)
  for (let dir = path.resolve(project.root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (existsSync(path.join(candidate, 'package.json'))) return candidate
    if (dir === stop || path.dirname(dir) === dir) return null
  }
}
