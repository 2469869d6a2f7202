import semver from 'semver'
import { KitError } from '../../core/errors.js'
import type { DrizzleSetup } from '../../project/drizzle.js'
import type { PrismaSetup } from '../../project/prisma.js'
import type { ProjectInfo } from '../../project/types.js'
import type { AccountEmailAnswers } from '../account-emails.js'
import type { Adoption } from '../adopt.js'
import { AUTH_DEPENDENCIES, MIN_BETTER_AUTH_VERSION } from '../versions.js'
import { assertStartSupported } from './start-version.js'

export interface InitAnswers extends AccountEmailAnswers {
  /**
   * `drizzle`: the app's own Drizzle `db` (inspection's `project.drizzle`); `convex`: Better Auth runs in Convex
   * (`Adoption.convex`), whose component keeps its data (kit-auth gives it no database).
   */
  db: 'sqlite' | 'postgres' | 'drizzle' | 'prisma' | 'convex'
  /** SQLite file, relative to the app root (`./data/auth.db`). */
  dbPath: string
  signInPath: string
  signUpPath: string
  admin: boolean
  organization: boolean
  apiTokens: boolean
  /** Create the `_authenticated` pathless layout. */
  layout: boolean
  /**
   * Keep an adopted stateless instance (no database, `session.cookieCache`) without one: no database,
   * API tokens, organizations, admin or deactivation, which all store data. Set too for a Better Auth that runs in
   * Convex (`Adoption.convex`): its data is in Convex, out of kit-auth's code's reach.
   */
  stateless?: boolean
  /** `--redis`: sessions and rate limits in Redis (lib/auth/redis.ts), the database behind it. */
  redis?: boolean
}

export { MIN_START_VERSION } from './start-version.js'

/** Refuses apps kit-auth cannot generate for, with the reason (Start, then better-auth: installed, else the range). */
export async function assertSupported(project: ProjectInfo): Promise<void> {
  await assertStartSupported(project)
  const betterAuth = project.versions['better-auth']
  const installed = betterAuth?.installed && semver.valid(betterAuth.installed) ? betterAuth.installed : null
  const declared = betterAuth?.declared && semver.validRange(betterAuth.declared) ? betterAuth.declared : null
  const tooOld = installed
    ? semver.lt(installed, MIN_BETTER_AUTH_VERSION)
    : declared
      ? !semver.intersects(declared, `>=${MIN_BETTER_AUTH_VERSION}`)
      : false
  if (tooOld) {
    // as for Start: the version seen and where from, or the range that allows no supported release
    const seen = installed
      ? `better-auth ${installed} is ` +
        `${betterAuth?.source === 'node_modules' ? 'installed' : 'what the lockfile pins'}` +
        (declared ? ` (package.json asks for ${declared})` : '')
      : `This app asks for better-auth ${declared}, which allows no release from ${MIN_BETTER_AUTH_VERSION}`
    throw new KitError(
      `${seen}: the code kit-auth generates needs ${MIN_BETTER_AUTH_VERSION} or newer.`,
      `Run kit-auth init --upgrade-better-auth to move it to ${AUTH_DEPENDENCIES['better-auth']} (with the ` +
        `packages that must move with it).`,
    )
  }
}

/**
 * The app's own Drizzle or Prisma setup `--db drizzle|prisma` asks for, refused when inspection found
 * none. Never with an adopted instance that has its database: that one keeps it (an adopted instance
 * without one may take the app's Drizzle db too).
 */
export function databaseSetups(
  project: ProjectInfo,
  answers: InitAnswers,
  adoption: Adoption,
): { drizzle: DrizzleSetup | null; prisma: PrismaSetup | null } {
  const drizzle = answers.db === 'drizzle' && !adoption.instance?.hasDatabase ? (project.drizzle?.setup ?? null) : null
  const prisma = answers.db === 'prisma' && !adoption.instance ? (project.prisma?.setup ?? null) : null
  if (answers.db === 'prisma' && !adoption.instance && !prisma)
    throw new KitError(
      '--db prisma needs a Prisma setup kit-auth can find, and this app has none.',
      'Add prisma/schema.prisma and `export const prisma = new PrismaClient(...)`, or pass --db sqlite or --db ' +
        'postgres.',
    )
  if (answers.db === 'drizzle' && !adoption.instance?.hasDatabase && !drizzle)
    throw new KitError(
      '--db drizzle needs a Drizzle setup kit-auth can find, and this app has none.',
      'Add a drizzle.config.ts (dialect, schema) and `export const db = drizzle(...)`, or pass --db sqlite or ' +
        '--db postgres.',
    )
  return { drizzle, prisma }
}

/** The answers a JSON consumer sees: dbPath only means something when kit-auth's own SQLite file is used. */
export function withoutDbPath({ dbPath: _unused, ...rest }: InitAnswers): Omit<InitAnswers, 'dbPath'> {
  return rest
}
