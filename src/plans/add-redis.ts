import path from 'node:path'
import semver from 'semver'
import type { Plan } from '../core/apply.js'
import type { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { addSecondaryStorage } from '../codemods/auth/add-secondary-storage.js'
import { findInstance } from '../codemods/auth/find-instance.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import { findProperty, propertyValue } from '../codemods/js/objects.js'
import { parse } from '../codemods/js/parse.js'
import { runTransform } from '../codemods/transform.js'
import type { ProjectInfo } from '../project/types.js'
import { planInstall } from './app-tasks.js'
import { mergeEnv } from './env.js'
import { planAuthPackageManifest } from './auth-package.js'
import { addDependencies } from './package-json.js'
import { authModuleFile, importSpecifier } from './paths.js'
import { betterAuthVersion } from './versions.js'

/** The Redis client lib/auth/redis.ts is written against (one client per process, reconnecting). */
export const REDIS_DEPENDENCIES = { ioredis: '^6.1.0' } as const

/** The development value of REDIS_URL, merged into the env file. */
export const REDIS_URL_PLACEHOLDER = 'redis://localhost:6379'

/** What putting an instance on Redis planned, for `add` and `init --redis` to report. */
export interface RedisStoragePlan {
  notes: string[]
  manualSteps: string[]
}

/**
 * Puts the Better Auth instance in `authFile` on Redis: lib/auth/redis.ts (ioredis, REDIS_URL, one
 * client per process, outages degrade to the database), the instance's `secondaryStorage`,
 * `session.storeSessionInDatabase`, `rateLimit.storage` (and `verification.storeInDatabase` from
 * 1.5) merged in by `addSecondaryStorage`, ioredis in package.json and REDIS_URL in the env file.
 * Refused for an instance without a database (Redis is a cache in front of it here) and for one
 * with a secondary storage of its own. A second run plans nothing.
 */
export async function planRedisStorage(
  project: ProjectInfo,
  changes: ChangeSet,
  authFile: string,
  options: { adopted: boolean; command: string },
): Promise<RedisStoragePlan> {
  const authText = changes.read(authFile) ?? ''
  const instance = inspectAuthInstance(authText, authFile)
  if (!instance.hasDatabase)
    throw new KitError(
      `${authFile} has no database: with Redis, kit-auth keeps sessions in the database too, so they survive a ` +
        `Redis outage.`,
      `Give the instance a database (\`npx kit-auth init --db postgres\`), then run ${options.command} again.`,
    )
  // beside the instance when it lives in a workspace package (the instance imports it)
  const redisFile = authModuleFile(project, 'lib/auth/redis.ts')
  const from = options.adopted ? importSpecifier(project, authFile, 'lib/auth/redis') : './redis'
  const rerun = `run ${options.command} again`
  const result = runTransform(
    authText,
    authFile,
    addSecondaryStorage,
    {
      storage: { name: 'redisStorage', from },
      // 1.5 moved verification values (email links, codes) into secondary storage
      verificationInDatabase: semver.gte(betterAuthVersion(project), '1.5.0'),
      style: project.style,
      command: options.command,
    },
    { style: project.style, rerun },
  )
  if (result.data?.status === 'other')
    throw new KitError(
      `${authFile} already has a secondaryStorage of its own: kit-auth will not replace it.`,
      `Remove it to use kit-auth's Redis storage (lib/auth/redis.ts), then run ${options.command} again.`,
    )
  const notes = [...result.notes]
  changes.update(authFile, result.text)
  if (result.changes.length > 0) notes.push(`${authFile}: added ${result.changes.join(', ')}.`)
  if (!changes.exists(redisFile))
    changes.create(
      redisFile,
      await formatCode(renderTemplate('add/redis/lib/auth/redis.ts.hbs', {}), redisFile, project.style),
    )
  const packageJson = changes.read('package.json')
  const authPackage = options.adopted ? project.authPackage : undefined
  if (authPackage) planAuthPackageManifest(authPackage, changes, { ...REDIS_DEPENDENCIES })
  else if (packageJson !== null)
    changes.update('package.json', addDependencies(packageJson, { dependencies: { ...REDIS_DEPENDENCIES } }))
  changes.update(
    project.envFile,
    mergeEnv(changes.read(project.envFile), { REDIS_URL: REDIS_URL_PLACEHOLDER }, 'Redis (added by kit-auth)'),
    { sensitive: true },
  )
  return { notes, manualSteps: [] }
}

/**
 * `kit-auth add redis`: `planRedisStorage` on the app's instance, then the install. Nothing to
 * migrate: the tables are the ones sessions always had.
 */
export async function planRedis(
  project: ProjectInfo,
  changes: ChangeSet,
  authFile: string,
  options: { install: boolean; adopted: boolean },
): Promise<Plan> {
  const redis = await planRedisStorage(project, changes, authFile, {
    adopted: options.adopted,
    command: 'kit-auth add redis',
  })
  const tasks: Task[] = []
  const manualSteps = [...redis.manualSteps]
  planInstall(project, changes, Object.keys(REDIS_DEPENDENCIES), options.install, { tasks, manualSteps })
  const nothing = changes.isEmpty()
  const notes = nothing ? ['redis is already set up in this app.'] : redis.notes
  return {
    changeSet: changes,
    tasks,
    manualSteps,
    notes,
    nextSteps: nothing
      ? []
      : [
          `Set REDIS_URL in ${project.envFile} (and on every instance in production); ` +
            'without it sessions are read from the database and rate limits are counted per instance.',
        ],
    data: { feature: 'redis', alreadyOn: nothing },
  }
}

/** True when the instance's `secondaryStorage` is kit-auth's `redisStorage` (`kit-auth add --list`). */
export function usesRedisStorage(authText: string, authFile: string): boolean {
  const options = findInstance(parse(authText, authFile))?.options
  const storage = options ? findProperty(options, 'secondaryStorage') : undefined
  return storage !== undefined && propertyValue(storage)?.getText() === 'redisStorage'
}
