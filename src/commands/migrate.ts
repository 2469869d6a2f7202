import path from 'node:path'
import pc from 'picocolors'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { runTasks } from '../core/tasks.js'
import { migrateTask } from '../plans/app-tasks.js'
import { planMigrate } from '../plans/migrate.js'
import { readTextSync } from '../project/files.js'
import { inspectProject } from '../project/inspect.js'

/** Regenerates the route tree and creates the auth tables: what init runs after installing. */
export async function run(_args: string[], flags: GlobalOptions): Promise<void> {
  const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
  const output = createOutput(flags)
  const plan = planMigrate(project, (file) => readTextSync(path.join(project.root, file)))
  if (flags.dryRun) {
    output.info(
      plan.convex
        ? 'Dry run: would regenerate the route tree (your Better Auth runs in Convex: nothing to migrate here).'
        : `Dry run: would regenerate the route tree${plan.migrate ? ` and migrate ${plan.authModule}` : ''}.`,
    )
    output.document({ ok: true, command: 'migrate', dryRun: true })
    return
  }
  const { authModule, exportName, migrate } = plan
  await runTasks([migrateTask(project, { authModule, exportName, migrate })], output)
  output.info(`${pc.green('✔')} ${plan.done}`)
  output.document({ ok: true, command: 'migrate' })
}
