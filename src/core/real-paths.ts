import { lstatSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { KitError } from './errors.js'

/**
 * Refuses, before anything is written, a write that would land outside `boundary` (the workspace
 * root, or the app root without one) through a symlink, or inside a `node_modules` folder: the real
 * path of each file is resolved first (its nearest existing folder's realpath, then the rest).
 *
 * @example checkRealPaths('/app', '/app', ['src/lib/auth/auth.ts']) // throws when src/lib links to /elsewhere
 */
export function checkRealPaths(root: string, boundary: string, files: string[]): void {
  const realBoundary = realOrSelf(boundary)
  for (const file of files) {
    const target = path.join(root, file)
    if (segments(path.relative(boundary, target)).includes('node_modules')) throw intoNodeModules(file, target)
    const real = realTarget(target)
    const relative = path.relative(realBoundary, real)
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      const link = symlinkOn(boundary, target)
      throw new KitError(
        `${file} would be written to ${real}, outside ${boundary}` +
          `${link ? ` (${path.relative(root, link) || link} is a symlink)` : ''}; nothing was written.`,
        `kit-auth writes only inside ${boundary}: make that path a real folder there, then run the command again.`,
        { details: { file, realPath: real, ...(link ? { symlink: link } : {}) } },
      )
    }
    if (segments(relative).includes('node_modules')) throw intoNodeModules(file, real)
  }
}

function intoNodeModules(file: string, real: string): KitError {
  return new KitError(
    `${file} would be written to ${real}, inside node_modules; nothing was written.`,
    'kit-auth never writes into node_modules: point srcDirectory or the symlink at a folder of the app.',
    { details: { file, realPath: real } },
  )
}

/** Where a write to `target` lands: the realpath of its nearest existing ancestor (or its own), then the rest. */
function realTarget(target: string): string {
  const rest: string[] = []
  let current = target
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const parent = path.dirname(current)
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) return target
      rest.unshift(path.basename(current))
      current = parent
    }
  }
}

/** The first symlink on the way from `boundary` down to `target`, or null. */
function symlinkOn(boundary: string, target: string): string | null {
  let current = boundary
  for (const part of segments(path.relative(boundary, target))) {
    current = path.join(current, part)
    try {
      if (lstatSync(current).isSymbolicLink()) return current
    } catch {
      return null
    }
  }
  return null
}

function realOrSelf(dir: string): string {
  try {
    return realpathSync(dir)
  } catch {
    return dir
  }
}

function segments(relative: string): string[] {
  return relative.split(path.sep).filter((part) => part !== '' && part !== '.')
}
