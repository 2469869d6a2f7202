import path from 'node:path'
import pc from 'picocolors'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { runTasks } from '../core/tasks.js'
import { migrateTask } from '../plans/app-tasks.js'
import { inspectProject } from '../project/inspect.js'

/** Regenerates the route tree and creates the auth tables: what init runs after installing. */
export async function run(_args: string[], flags: GlobalOptions): Promise<void> {
  const project = await inspectProject(flags.cwd)
  const output = createOutput(flags)
  const authModule = `/${path.posix.join(project.srcDirectory, 'lib/auth/auth.ts')}`
  if (flags.dryRun) {
    output.info(`Dry run: would regenerate the route tree and migrate ${authModule}.`)
    output.document({ ok: true, command: 'migrate', dryRun: true })
    return
  }
  await runTasks([migrateTask(project, { authModule, migrate: true })], output)
  output.info(`${pc.green('✔')} Route tree regenerated, auth tables up to date.`)
  output.document({ ok: true, command: 'migrate' })
}
