import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import pc from 'picocolors'
import { inspectAuthInstance, sqliteFileOf } from '../codemods/auth/inspect-instance.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput, type Output } from '../core/output.js'
import { readEnv, runChecks, type DatabaseState, type DoctorContext } from '../doctor/checks.js'
import { authModuleOf, pendingMigration } from '../plans/app-tasks.js'
import { convexAuthOfApp } from '../plans/convex.js'
import { customAdapterStep } from '../plans/custom-adapter.js'
import { workersOf } from '../plans/migrate.js'
import { workersMigrationStep } from '../plans/workers-only.js'
import { readTextSync, relPosix } from '../project/files.js'
import { inspectProject } from '../project/inspect.js'
import type { ProjectInfo } from '../project/types.js'

/**
 * `kit-auth doctor`: checks the auth setup (env, instance, start.ts, guards, database) and says what
 * to do about each problem. Exit 1 when an error-severity check fails, 0 otherwise. Changes nothing.
 */
export async function run(_args: string[], flags: GlobalOptions): Promise<number> {
  const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
  const output = createOutput(flags)
  const texts = new Map<string, string | null>()
  const read = (file: string) => {
    if (!texts.has(file)) {
      let text: string | null = null
      try {
        text = readFileSync(path.join(project.root, file), 'utf8')
      } catch {
        text = null
      }
      texts.set(file, text)
    }
    return texts.get(file) ?? null
  }
  const { instanceFile } = authModuleOf(project)
  const env = readEnv(project, read)
  const database = await databaseState(project, read(instanceFile), instanceFile, env.env, flags.install, output)
  const convex = convexAuthOfApp(project, read)
  const context: DoctorContext = { project, read, instanceFile, database, convex, ...env }
  const checks = runChecks(context)
  const failed = checks.filter((check) => !check.ok && check.severity === 'error')
  if (flags.json) {
    output.document({ checks })
  } else {
    for (const check of checks) {
      const mark = check.ok ? pc.green('✔') : check.severity === 'error' ? pc.red('✖') : pc.yellow('!')
      output.info(`${mark} ${pc.dim(check.id.padEnd(20))}${check.message}`)
      if (!check.ok) output.info(`  ${' '.repeat(20)}${pc.dim('fix:')} ${check.fix}`)
    }
    const warnings = checks.filter((check) => !check.ok && check.severity === 'warning').length
    output.info(
      failed.length === 0 && warnings === 0
        ? `\n${pc.green('✔')} The auth setup looks right.`
        : `\n${failed.length} error${failed.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
    )
  }
  return failed.length > 0 ? 1 : 0
}

/** The database's pending tables and columns, through the runner `migrate` uses; skipped when it cannot run. */
async function databaseState(
  project: ProjectInfo,
  instanceText: string | null,
  instanceFile: string,
  env: Readonly<Record<string, string>>,
  install: boolean,
  output: Output,
): Promise<DatabaseState> {
  if (!install) return { skipped: '--no-install: the database is not read.' }
  if (instanceText === null) return { skipped: `${instanceFile} does not exist: run \`npx kit-auth init\`.` }
  const instance = inspectAuthInstance(instanceText, instanceFile)
  if (instance.stateless) return { skipped: 'the instance has no database (stateless sessions).' }
  if (instance.adapter === 'custom')
    return { skipped: `no tables read; ${customAdapterStep(project, instance.customAdapter, instanceFile)}.` }
  if (instance.adapter && instance.adapter !== 'kysely')
    return { skipped: `the tables are in your ${instance.adapter} schema: its own migration tool applies them.` }
  // an instance that loads cloudflare:workers cannot be loaded in Node (migrate says the same)
  const workers = workersOf(project, (file) => readTextSync(path.join(project.root, file)))
  if (workers) return { skipped: `${workersMigrationStep(workers)}.` }
  if (!project.installed.includes('better-auth'))
    return {
      skipped: `dependencies are not installed: run \`${project.packageManager.name} install\`, then doctor again.`,
    }
  // loading the instance would create the SQLite file (and its folder): a missing one is reported as it is
  const sqliteFile = sqliteFileOf(instanceText, instanceFile, env)
  const sqlitePath = sqliteFile === null ? null : path.resolve(project.root, sqliteFile)
  if (sqlitePath !== null && !existsSync(sqlitePath)) return { absent: relPosix(project.root, sqlitePath) }
  const progress = await output.progress('Reading the auth tables')
  try {
    const pending = await pendingMigration(project)
    progress.stop(true)
    return pending
  } catch (error) {
    progress.stop(false)
    return { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) }
  }
}
