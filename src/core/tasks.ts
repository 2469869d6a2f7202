import { KitError } from './errors.js'
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
export async function runCommand(file: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<string> {
  // execa is loaded only when a command really runs (protect and friends never do).
  const { execa } = await import('execa')
  const result = await execa(file, args, { cwd: options.cwd, env: options.env, all: true, reject: false, stdin: 'ignore' })
  if (result.exitCode !== 0 || result.failed) {
    const tail = (result.all ?? result.message ?? '').trim().split('\n').slice(-5).join(' | ')
    throw new KitError(`\`${[file, ...args].join(' ')}\` failed: ${tail || `exit code ${result.exitCode}`}`, `Fix the cause, then run \`${[file, ...args].join(' ')}\` in ${options.cwd}.`)
  }
  return result.all ?? ''
}
