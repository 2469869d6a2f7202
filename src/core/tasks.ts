import { existsSync } from 'node:fs'
import path from 'node:path'
import { KitError } from './errors.js'
import type { ChangeSet } from './change-set.js'
import { formatterCommand, type AppFormatter } from './format.js'
import type { Output } from './output.js'

/** A step that runs after the commit: install, route-tree generation, migration. */
export interface Task {
  title: string
  run: () => Promise<void>
}

/**
 * Runs tasks one by one with a spinner (or plain lines when not on a terminal). A failing
 * task stops the rest: the files are already written, so the error says what to run by hand.
 */
export async function runTasks(tasks: Task[], output: Output): Promise<string[]> {
  const done: string[] = []
  for (const task of tasks) {
    const progress = await output.progress(task.title)
    try {
      await task.run()
      progress.stop(true)
      done.push(task.title)
    } catch (error) {
      progress.stop(false)
      throw error
    }
  }
  return done
}

/**
 * Runs a command in a folder, capturing its output; on failure a KitError quotes the tail of
 * the output and says what to run by hand.
 *
 * @example await runCommand('npm', ['install'], { cwd: project.root })
 */
export async function runCommand(
  file: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<string> {
  // execa is loaded only when a command really runs (protect and friends never do).
  const { execa } = await import('execa')
  const result = await execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    all: true,
    reject: false,
    stdin: 'ignore',
  })
  if (result.exitCode !== 0 || result.failed) {
    const excerpt = failureExcerpt(result.all ?? result.message ?? '')
    throw new KitError(
      `\`${[file, ...args].join(' ')}\` failed: ${excerpt || `exit code ${result.exitCode}`}`,
      `Fix the cause, then run \`${[file, ...args].join(' ')}\` in ${options.cwd}.`,
    )
  }
  return result.all ?? ''
}

/**
 * Lines that name why an install failed: npm's error codes, pnpm's ERR_PNPM_*, Yarn's fatal YN codes (exception, build
 * failed, checksum, lockfile change, not found), node-gyp.
 */
const CAUSE =
  /\b(code E[A-Z0-9]+|ERESOLVE|ERR_PNPM_\w+|ETARGET|E404|ENOTFOUND|EACCES|YN00(01|09|18|28|35|82):|gyp ERR!)/

/**
 * The part of a failed command's output worth quoting in one line: from the first line that
 * names a cause (npm's `code ERESOLVE`...) on, else the last lines; warnings and bare
 * `npm error` lines are noise.
 */
export function failureExcerpt(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^npm (error|ERR!)\s*$/.test(line) && !/^npm warn\b/i.test(line))
  const cause = lines.findIndex((line) => CAUSE.test(line))
  return (cause >= 0 ? lines.slice(cause, cause + 4) : lines.slice(-5)).join(' | ')
}

/** True when an executable named `binary` is in a folder of PATH (the environment, not the project: tasks ask it). */
export function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, binary)))
}

/** Source files a formatter formats. */
const FORMATTED = /\.(?:[cm]?[jt]sx?)$/

/**
 * Formats the source files a commit created with the app's own formatter, when it is installed
 * in the app or at the workspace root (else kit-auth's Prettier-formatted output stands). Files
 * the commit edited are left alone: they are the user's, formatted their way.
 */
export function formatCreatedTask(formatter: AppFormatter, changes: ChangeSet): Task | null {
  const created = changes
    .changes()
    .filter((change) => change.action === 'create' && FORMATTED.test(change.path) && !change.path.startsWith('..'))
    .map((change) => change.path)
  if (created.length === 0) return null
  const [name, args] = formatterCommand(formatter, created)
  const binary = [changes.root, changes.outerRoot]
    .filter((dir): dir is string => dir !== null)
    .map((dir) => path.join(dir, 'node_modules', '.bin', name))
    .find((file) => existsSync(file))
  if (!binary) return null
  const label = { prettier: 'Prettier', biome: 'Biome', oxfmt: 'oxfmt' }[formatter]
  return {
    title: `Formatting the new files with ${label}`,
    run: async () => {
      await runCommand(binary, args, { cwd: changes.root })
    },
  }
}
