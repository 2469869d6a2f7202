import path from 'node:path'
import pc from 'picocolors'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { runTasks } from '../core/tasks.js'
import { migrateTask } from '../plans/app-tasks.js'
import { readText } from '../project/files.js'
import { inspectProject } from '../project/inspect.js'

/** Regenerates the route tree and creates the auth tables: what init runs after installing. */
export async function run(_args: string[], flags: GlobalOptions): Promise<void> {
  const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
  const output = createOutput(flags)
  // The app's own instance when init adopted one, else the generated lib/auth/auth.ts.
  const ownAuth = path.posix.join(project.srcDirectory, 'lib/auth/auth.ts')
  const adopted = project.betterAuth && project.betterAuth.file !== ownAuth ? project.betterAuth : null
  const authModule = `/${adopted?.file ?? ownAuth}`
  const exportName = adopted?.exportName ?? 'auth'
  if (flags.dryRun) {
    output.info(`Dry run: would regenerate the route tree and migrate ${authModule}.`)
    output.document({ ok: true, command: 'migrate', dryRun: true })
    return
  }
  // An ORM adapter's tables are applied by the ORM's own migrations (drizzle-kit, prisma migrate).
  const authText = (await readText(path.join(project.root, authModule.slice(1)))) ?? ''
  const ormAdapter = /\b(drizzle|prisma)Adapter\s*\(/.exec(authText)?.[1] ?? null
  await runTasks([migrateTask(project, { authModule, exportName, migrate: !ormAdapter })], output)
  output.info(
    ormAdapter
      ? `${pc.green('✔')} Route tree regenerated. The auth tables are in your ${ormAdapter} schema: apply them with ${ormAdapter === 'drizzle' ? '`npx drizzle-kit generate && npx drizzle-kit migrate` (or `npx drizzle-kit push`)' : '`npx prisma migrate dev`'}.`
      : `${pc.green('✔')} Route tree regenerated, auth tables up to date.`,
  )
  output.document({ ok: true, command: 'migrate' })
}
