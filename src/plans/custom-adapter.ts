import type { ProjectInfo } from '../project/types.js'
import { scriptRunner } from './app-tasks.js'

/** Migration scripts that do not apply migrations: they write, undo or report them. */
const NOT_APPLYING = /generat|creat|new|make|revert|down|rollback|undo|status|reset|drop|fresh|studio/i

/**
 * The app's own script that migrates its database, run its way (`npm run db:migrate`), or null. A script named
 * for applying migrations comes first (`migrate`, `db:migrate`, `migration:run`, not `migration:generate`), then
 * one that pushes a schema (`db:push`).
 */
export function ownMigrationCommand(project: ProjectInfo): string | null {
  const scripts = Object.entries(project.manifest.scripts ?? {}).filter(([, command]) => !/\bkit-auth\b/.test(command))
  const found =
    scripts.find(([name]) => /migrat/i.test(name) && !NOT_APPLYING.test(name)) ??
    scripts.find(([name]) => /(?:^|[:-])push(?:$|[:-])/.test(name))
  return found ? `${scriptRunner(project)} ${found[0]}` : null
}

/**
 * What applies the tables of an instance on a custom adapter, and why kit-auth does not (no capital, no period):
 * Better Auth's migrations need its Kysely adapter, so only the app's own migration can add them.
 *
 * @example customAdapterStep(project, 'storeAdapter', 'src/lib/auth.ts')
 * // 'add the new auth tables and columns with your own migration, `npm run db:migrate` (kit-auth cannot ...)'
 */
export function customAdapterStep(project: ProjectInfo, adapter: string | undefined, file: string): string {
  const command = ownMigrationCommand(project)
  return (
    'add the new auth tables and columns with ' +
    (command
      ? `your own migration, \`${command}\``
      : "your adapter's own migration (`npx auth generate` writes them out when the adapter supports it)") +
    ` (kit-auth cannot migrate the database behind your custom adapter, ${adapter ?? 'database'}(...) in ${file}: ` +
    "Better Auth's migrations run only on its built-in Kysely adapter)"
  )
}
