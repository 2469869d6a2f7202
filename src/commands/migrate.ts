import path from 'node:path'
import pc from 'picocolors'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { runTasks } from '../core/tasks.js'
import { authModuleOf, migrateTask } from '../plans/app-tasks.js'
import { convexDevCommand, isConvexInstance } from '../plans/convex.js'
import { readText } from '../project/files.js'
import { inspectProject } from '../project/inspect.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'

/** Regenerates the route tree and creates the auth tables: what init runs after installing. */
export async function run(_args: string[], flags: GlobalOptions): Promise<void> {
  const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
  const output = createOutput(flags)
  const { authModule, exportName, instanceFile } = authModuleOf(project)
  const text = (await readText(path.join(project.root, instanceFile))) ?? ''
  const instance = inspectAuthInstance(text, instanceFile)
  // Better Auth in Convex: its tables are its component's, deployed by Convex; only the route tree is here
  const convex = instance.adapter === 'convex' || isConvexInstance(text, instanceFile)
  if (flags.dryRun) {
    output.info(
      convex
        ? 'Dry run: would regenerate the route tree (your Better Auth runs in Convex: nothing to migrate here).'
        : `Dry run: would regenerate the route tree and migrate ${authModule}.`,
    )
    output.document({ ok: true, command: 'migrate', dryRun: true })
    return
  }
  // An ORM adapter's tables are applied by the ORM's own migrations (drizzle-kit, prisma migrate);
  // an instance without a database (stateless) has no tables.
  const ormAdapter = instance.adapter === 'kysely' ? null : instance.adapter
  const migrate = !ormAdapter && !instance.stateless && !convex
  await runTasks([migrateTask(project, { authModule, exportName, migrate })], output)
  const applyWith: Record<string, string> = {
    drizzle: '`npx drizzle-kit generate && npx drizzle-kit migrate` (or `npx drizzle-kit push`)',
    prisma: '`npx prisma migrate dev`',
  }
  output.info(
    convex
      ? `${pc.green('✔')} Route tree regenerated. Your Better Auth runs in Convex: kit-auth does not migrate it; ` +
          `its component's tables deploy with \`${convexDevCommand(project)}\`.`
      : instance.stateless
        ? `${pc.green('✔')} Route tree regenerated. Your Better Auth instance has no database (stateless): no ` +
          `tables to migrate.`
        : ormAdapter
          ? `${pc.green('✔')} Route tree regenerated. The auth tables are in your ${ormAdapter} schema: apply them ` +
            `with ${applyWith[ormAdapter] ?? 'your own migration tool'}.`
          : `${pc.green('✔')} Route tree regenerated, auth tables up to date.`,
  )
  output.document({ ok: true, command: 'migrate' })
}
