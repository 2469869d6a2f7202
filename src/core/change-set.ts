import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, syntaxProblem } from '../codemods/js/parse.js'
import { KitError } from './errors.js'

export type ChangeAction = 'create' | 'update' | 'unchanged' | 'conflict'

export interface Change {
  /** Path relative to the change set's root, posix separators. */
  path: string
  action: ChangeAction
  /** Content on disk when the plan read it (null: no file). */
  before: string | null
  /** Content the plan wants (for `unchanged` equal to `before`). */
  after: string
  /** Why a conflict is one (for the report). */
  reason?: string
  /** Holds secrets: reports show it redacted. */
  sensitive?: boolean
}

interface Entry {
  /** What the plan wants in the file. */
  content: string
  /** Planned as a new file (a different existing file is a conflict) or as an edit. */
  intent: 'create' | 'update'
  sensitive: boolean
}

export interface WriteOptions {
  /** The file holds secrets (an env file): reports never print its values. */
  sensitive?: boolean
}

/**
 * An in-memory overlay over the project's files: plans read through it and record their
 * writes in it; nothing touches the disk until `commitChanges(changeSet)`. `ChangeSet.inMemory`
 * overlays an in-memory tree instead of the disk (plans run on it in tests).
 *
 * @example
 * const changes = new ChangeSet('/app')
 * changes.create('src/lib/auth/auth.ts', source)
 * changes.update('src/start.ts', patched)
 */
export class ChangeSet {
  readonly root: string
  /** Disk (or in-memory tree) content as first read, keyed by relative path; null when absent. */
  private readonly snapshots = new Map<string, string | null>()
  private readonly entries = new Map<string, Entry>()

  /** Folder outside `root` the plan may also edit (a monorepo's workspace root), or null. */
  readonly outerRoot: string | null
  /** The tree reads come from instead of the disk (`inMemory`), keyed like `snapshots`; null: the disk. */
  private tree: ReadonlyMap<string, string> | null = null

  /** `outerRoot`: a parent folder plans may reach with `../` paths, e.g. the workspace root. */
  constructor(root: string, outerRoot?: string) {
    this.root = path.resolve(root)
    this.outerRoot = outerRoot ? path.resolve(outerRoot) : null
  }

  /**
   * A change set over an in-memory tree instead of the disk: `files` maps paths relative to `root`
   * (`../` ones into `outerRoot`) to their text, and a path it lacks is a missing file. Reads never
   * reach the disk. Committing it still writes under `root`, and only where the disk equals the tree.
   *
   * @example ChangeSet.inMemory('/app', { 'package.json': '{}' }).read('package.json') // '{}'
   */
  static inMemory(
    root: string,
    files: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
    outerRoot?: string,
  ): ChangeSet {
    const changes = new ChangeSet(root, outerRoot)
    const entries = files instanceof Map ? [...files] : Object.entries(files)
    changes.tree = new Map(entries.map(([file, text]) => [changes.normalize(file), text]))
    return changes
  }

  /** The folder every write must stay in (through symlinks too): the workspace root when one was given, else `root`. */
  get boundary(): string {
    return this.outerRoot ?? this.root
  }

  /** Absolute path of a project-relative path. */
  resolve(file: string): string {
    return path.join(this.root, file)
  }

  /** Current content: the planned one if any, else what is on disk (null when missing). */
  read(file: string): string | null {
    const key = this.normalize(file)
    const entry = this.entries.get(key)
    return entry ? entry.content : this.readDisk(key)
  }

  exists(file: string): boolean {
    return this.read(file) !== null
  }

  /**
   * Plans a new file. If a different file already exists there it becomes a conflict at
   * commit time (written only with `force`); identical content is reported as unchanged.
   */
  create(file: string, content: string, options: WriteOptions = {}): void {
    const key = this.normalize(file)
    const existing = this.entries.get(key)
    this.readDisk(key)
    this.entries.set(key, {
      content,
      intent: existing?.intent ?? 'create',
      sensitive: options.sensitive ?? existing?.sensitive ?? false,
    })
  }

  /**
   * Plans new content for a file the plan read and edited; identical content records nothing.
   * Throws a KitError when the file is JS/TS and what is there does not parse: every edit of
   * kit-auth, whichever command or transform made it, leaves a file it cannot read alone.
   */
  update(file: string, content: string, options: WriteOptions = {}): void {
    const key = this.normalize(file)
    const existing = this.entries.get(key)
    if (!existing) {
      const before = this.readDisk(key)
      if (before === content) return
      if (before !== null) refuseUnparsable(key, before)
    }
    this.entries.set(key, {
      content,
      intent: existing?.intent ?? 'update',
      sensitive: options.sensitive ?? existing?.sensitive ?? false,
    })
  }

  /** Every planned file with what committing it would do, in planning order. */
  changes(): Change[] {
    return [...this.entries].map(([file, entry]): Change => {
      const before = this.snapshots.get(file) ?? null
      const base = { path: file, before, after: entry.content, ...(entry.sensitive ? { sensitive: true } : {}) }
      if (before === entry.content) return { ...base, action: 'unchanged' }
      if (before === null) return { ...base, action: 'create' }
      if (entry.intent === 'create') return { ...base, action: 'conflict', reason: 'exists with different content' }
      return { ...base, action: 'update' }
    })
  }

  /** True when committing would write nothing. */
  isEmpty(): boolean {
    return this.changes().every((change) => change.action === 'unchanged')
  }

  /** Posix path relative to root; `../` only into `outerRoot`. */
  private normalize(file: string): string {
    const clean = path.posix.normalize(file.split(path.sep).join('/'))
    const absolute = path.resolve(this.root, clean)
    const inside = (dir: string) => absolute === dir || absolute.startsWith(`${dir}${path.sep}`)
    if (path.posix.isAbsolute(clean) || !(inside(this.root) || (this.outerRoot !== null && inside(this.outerRoot)))) {
      throw new Error(`ChangeSet paths must stay inside the project: ${file}`)
    }
    return clean
  }

  private readDisk(key: string): string | null {
    if (this.snapshots.has(key)) return this.snapshots.get(key) ?? null
    const content = this.tree ? (this.tree.get(key) ?? null) : readOrNull(this.resolve(key))
    this.snapshots.set(key, content)
    return content
  }
}

/** JS and TS source files, the ones kit-auth edits as code. */
const CODE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/

/**
 * Throws the refusal every edit of an unparsable JS/TS file gets: file:line:column, the parser's
 * message, and what to do (the same words `runTransform` uses).
 */
export function refuseUnparsable(file: string, text: string, rerun = 'run the command again'): void {
  if (!CODE_FILE.test(file)) return
  const problem = syntaxProblem(parse(text, file))
  if (!problem) return
  throw new KitError(
    `${file}:${problem.line}:${problem.column} does not parse: ${problem.message}`,
    `Fix the syntax error, then ${rerun}; kit-auth edits only files it can read.`,
    { details: { file, line: problem.line, column: problem.column } },
  )
}

/** Reads a UTF-8 file, or null when it does not exist (or is not a file). */
export function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null
    throw error
  }
}
