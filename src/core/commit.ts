import { chmodSync, mkdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Change, ChangeSet } from './change-set.js'
import { readOrNull } from './change-set.js'
import { KitError } from './errors.js'
import { checkRealPaths } from './real-paths.js'

/** Who may read a new file holding secrets (an env file): its owner only. */
const SECRET_FILE_MODE = 0o600

export interface CommitOptions {
  /** Overwrite files that conflict instead of refusing the commit. */
  force?: boolean
  /** Test hook: called before each rename, may throw to simulate a failing write. */
  beforeRename?: (file: string) => void
}

export interface CommitResult {
  written: Change[]
  skipped: Change[]
}

/**
 * Writes a change set all-or-nothing: validates the whole plan against the disk first, then
 * writes every file to a temp sibling, then renames them into place. If any step fails, every
 * file already renamed is restored and every created folder removed.
 *
 * @example await commitChanges(changes, { force: flags.force })
 */
export function commitChanges(changeSet: ChangeSet, options: CommitOptions = {}): CommitResult {
  const changes = changeSet.changes()
  validate(changeSet, changes, options)
  const toWrite = changes.filter(
    (change) => change.action === 'create' || change.action === 'update' || change.action === 'conflict',
  )
  const createdDirs: string[] = []
  const temps: { target: string; temp: string; change: Change }[] = []
  const renamed: { target: string; change: Change }[] = []
  try {
    for (const change of toWrite) {
      const target = changeSet.resolve(change.path)
      makeDirs(path.dirname(target), createdDirs)
      const temp = `${target}.kit-auth-${process.pid}.tmp`
      // An existing file keeps its mode (never made more readable); a new secret file is the owner's only.
      const mode = change.before !== null ? statSync(target).mode & 0o7777 : change.sensitive ? SECRET_FILE_MODE : null
      writeFileSync(temp, change.after, mode === null ? {} : { mode })
      temps.push({ target, temp, change })
      if (mode !== null) chmodSync(temp, mode)
    }
    for (const { target, temp, change } of temps) {
      options.beforeRename?.(change.path)
      renameSync(temp, target)
      renamed.push({ target, change })
    }
  } catch (error) {
    rollback(temps, renamed, createdDirs)
    const failed = temps.length < toWrite.length ? toWrite[temps.length] : temps[renamed.length]?.change
    const reason = error instanceof Error ? error.message : String(error)
    throw new KitError(
      `Could not write ${failed?.path ?? 'a file'} (${reason}); nothing was changed.`,
      'Check that the folders kit-auth writes to are folders you can write, then run the command again.',
      { cause: error },
    )
  }
  return { written: toWrite, skipped: changes.filter((change) => change.action === 'unchanged') }
}

function validate(changeSet: ChangeSet, changes: Change[], options: CommitOptions): void {
  const writes = changes.filter(
    (change) => change.action !== 'unchanged' && (change.action !== 'conflict' || options.force),
  )
  checkRealPaths(
    changeSet.root,
    changeSet.boundary,
    writes.map((change) => change.path),
  )
  const moved = changes.filter(
    (change) => change.action !== 'unchanged' && readOrNull(changeSet.resolve(change.path)) !== change.before,
  )
  if (moved.length > 0) {
    throw new KitError(
      `${moved.map((change) => change.path).join(', ')} changed on disk while kit-auth was planning; ` +
        'nothing was written.',
      'Run the command again.',
      { details: { changedOnDisk: moved.map((change) => change.path) } },
    )
  }
  const conflicts = changes.filter((change) => change.action === 'conflict')
  if (conflicts.length > 0 && !options.force) {
    throw new KitError(
      `${conflicts.length === 1 ? 'A file' : `${conflicts.length} files`} kit-auth would create already ` +
        `exist${conflicts.length === 1 ? 's' : ''} with other content: ` +
        `${conflicts.map((change) => change.path).join(', ')}; nothing was written.`,
      'Move them aside, or pass --force to overwrite them (see the differences with --dry-run --diff).',
      { details: { conflicts: conflicts.map((change) => change.path) } },
    )
  }
}

/** mkdir -p that records each folder it created, outermost first. */
function makeDirs(dir: string, created: string[]): void {
  const missing: string[] = []
  let current = dir
  while (!existsAsDir(current)) {
    missing.unshift(current)
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const folder of missing) {
    mkdirSync(folder)
    created.push(folder)
  }
}

function existsAsDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory()
  } catch {
    return false
  }
}

function rollback(
  temps: { target: string; temp: string; change: Change }[],
  renamed: { target: string; change: Change }[],
  createdDirs: string[],
): void {
  for (const { target, change } of renamed.reverse()) {
    if (change.before === null) unlinkQuietly(target)
    else writeFileSync(target, change.before)
  }
  for (const { temp } of temps) unlinkQuietly(temp)
  for (const dir of createdDirs.reverse()) {
    try {
      rmdirSync(dir)
    } catch {
      // not empty: someone else wrote there meanwhile; leave it
    }
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // already gone
  }
}
