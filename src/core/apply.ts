import path from 'node:path'
import pc from 'picocolors'
import type { ChangeSet } from './change-set.js'
import { commitChanges } from './commit.js'
import type { GlobalOptions } from './options.js'
import type { Output } from './output.js'
import { changesToJson, renderChanges, summarizeChanges } from './report.js'
import { formatCreatedTask, runTasks, type Task } from './tasks.js'
import type { AppFormatter } from './format.js'

/** What a command's plan produced: file changes, then tasks to run after the commit. */
export interface Plan {
  changeSet: ChangeSet
  tasks: Task[]
  /** Shown after a successful run (what to do next). */
  nextSteps: string[]
  /** Shown instead of the tasks when they are skipped (`--no-install`, `--dry-run`). */
  manualSteps?: string[]
  /** What the command did besides writing files, e.g. the app's own code it reused; shown after the summary. */
  notes?: string[]
  /** What the user must look at (a protection of theirs that does less than it seems); on stderr, after the report. */
  warnings?: string[]
  /** Extra data for `--json`. */
  data?: Record<string, unknown>
  /** The app's formatter: after the tasks it formats the files this plan created (never the ones it edited). */
  formatter?: AppFormatter | null
}

/**
 * The shared tail of every command: report -> commit -> tasks -> summary.
 * `--dry-run` stops after the report; nothing is written and no task runs.
 */
export async function applyPlan(command: string, plan: Plan, options: GlobalOptions, output: Output): Promise<void> {
  const changes = plan.changeSet.changes()
  const nothingToDo = plan.changeSet.isEmpty() && plan.tasks.length === 0
  const base = {
    command,
    cwd: options.cwd,
    dryRun: options.dryRun,
    changes: changesToJson(changes, options),
    ...plan.data,
    ...(plan.notes?.length ? { notes: plan.notes } : {}),
    ...(plan.warnings?.length ? { warnings: plan.warnings } : {}),
  }
  const notes = plan.notes?.length ? `\n${plan.notes.map((note) => `${pc.cyan('ℹ')} ${note}`).join('\n')}` : ''

  output.info(renderChanges(changes, options))
  for (const warning of plan.warnings ?? []) output.warn(warning)
  if (options.dryRun) {
    output.info(`\n${pc.bold('Dry run')}: ${summarizeChanges(changes)} planned; nothing was written.`)
    if (notes) output.info(notes.slice(1))
    const pending = [...plan.tasks.map((task) => task.title), ...(plan.manualSteps ?? [])]
    // Steps are sentences; drop their own final period before joining them into one.
    if (pending.length > 0) output.info(`Then it would: ${pending.map((step) => step.replace(/\.$/, '')).join('; ')}.`)
    output.document({ ok: true, ...base, tasks: plan.tasks.map((task) => task.title), nextSteps: plan.nextSteps })
    return
  }
  if (nothingToDo) {
    output.info(`${pc.green('✔')} Nothing to do: everything is already in place.`)
    if (notes) output.info(notes.slice(1))
    output.document({ ok: true, ...base, nothingToDo: true, tasks: [], nextSteps: [] })
    return
  }
  commitChanges(plan.changeSet, { force: options.force })
  const done = await runTasks(plan.tasks, output)
  // after the install: the formatter may have just arrived with it
  const format = plan.formatter ? formatCreatedTask(plan.formatter, plan.changeSet) : null
  if (format) done.push(...(await runTasks([format], output)))
  output.info(`\n${pc.green('✔')} ${summarizeChanges(changes, { forced: options.force })}.`)
  if (notes) output.info(notes)
  const steps = [...(plan.manualSteps ?? []), ...plan.nextSteps]
  // With --cwd the commands run in the app, not where kit-auth was started.
  const relative = path.relative(process.cwd(), options.cwd)
  const elsewhere = relative.startsWith('..') ? options.cwd : relative
  const heading = elsewhere ? `Next (in ${elsewhere}):` : 'Next:'
  if (steps.length > 0) output.info(`\n${heading}\n${steps.map((step) => `  - ${step}`).join('\n')}`)
  output.document({ ok: true, ...base, tasks: done, nextSteps: steps })
}
