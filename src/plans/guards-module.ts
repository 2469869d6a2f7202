import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { exportedNames } from '../codemods/js/exports.js'
import { appModulePath } from '../project/modules.js'
import type { ProjectInfo } from '../project/types.js'
import { GUARDS_MODULE, guardsFile, noGuardsError } from '../routes/guards.js'
import { importSpecifier } from './paths.js'

/** What protect and unprotect read of the project. */
export type Project = Pick<
  ProjectInfo,
  | 'root'
  | 'srcDirectory'
  | 'routesDirectory'
  | 'routeFiles'
  | 'routeNaming'
  | 'alias'
  | 'aliases'
  | 'style'
  | 'framework'
>

/**
 * True when `specifier`, imported from `fromFile`, is the guards module (through an alias, or relative, with or without
 * extension).
 */
export function pointsAtGuards(project: Project, fromFile: string, specifier: string): boolean {
  const target = path.posix.join(project.srcDirectory, GUARDS_MODULE)
  return appModulePath(project.aliases, fromFile, specifier) === target
}

/**
 * How a route file reaches the guards module (protectRoute's options), shared with init's guarding of an existing
 * layout.
 */
export function moduleOptions(project: Project, file: string, exports: readonly string[]) {
  return {
    from: importSpecifier(project, file, GUARDS_MODULE),
    isGuardsModule: (specifier: string) => pointsAtGuards(project, file, specifier),
    kitGuards: exports,
    style: project.style,
  }
}

/** Reads guards.ts through the change set: its exports (KitError "run init first" when missing). */
export function loadGuards(project: Project, changes: ChangeSet): string[] {
  const file = guardsFile(project)
  const text = changes.read(file)
  if (text === null) throw noGuardsError(file)
  return exportedNames(text, file)
}
