import semver from 'semver'
import type { AuthPackage } from '../project/installed.js'
import type { ProjectInfo } from '../project/types.js'

/** Versions kit-auth adds; the generated code is written against these (inspection checks which are installed). */
export const AUTH_DEPENDENCIES = {
  'better-auth': '^1.7.25',
  'better-sqlite3': '^12.6.2',
  '@types/better-sqlite3': '^7.6.13',
  pg: '^8.16.3',
  '@types/pg': '^8.15.6',
} as const satisfies Record<AuthPackage, string>

/** The oldest better-auth the generated code (and an adopted instance) works with. */
export const MIN_BETTER_AUTH_VERSION = '1.3.0'

/**
 * The framework-version-dependent spellings generated code must use (an unknown version is
 * taken as current).
 *
 * @example startApiFlags(project).validator // 'validator' on Start 1.169, 'inputValidator' on 1.160
 */
export function startApiFlags(project: Pick<ProjectInfo, 'framework'>) {
  const version =
    project.framework.version && semver.valid(project.framework.version) ? project.framework.version : '999.0.0'
  return {
    // `.validator` came back in 1.168.25; 1.132 - 1.168.24 spell it `.inputValidator`.
    validator: semver.gte(version, '1.168.25') ? 'validator' : 'inputValidator',
    // createCsrfMiddleware exists from 1.168.0; before it, init writes the same check by hand.
    builtinCsrf: semver.gte(version, '1.168.0'),
  }
}

/**
 * The better-auth release the generated code runs on: the installed one, else the lowest the
 * declared range allows, else the one kit-auth adds.
 */
export function betterAuthVersion(project: Pick<ProjectInfo, 'versions'>): string {
  const info = project.versions['better-auth']
  if (info?.installed && semver.valid(info.installed)) return info.installed
  const declared = info?.declared && semver.validRange(info.declared) ? semver.minVersion(info.declared) : null
  return (declared ?? semver.minVersion(AUTH_DEPENDENCIES['better-auth'])!).version
}

/** How the generated code spells what moved between better-auth releases. */
export interface BetterAuthApi {
  version: string
  /** The cookies plugin (must be the last plugin): `reactStartCookies` before 1.4. */
  cookies: { name: 'tanstackStartCookies' | 'reactStartCookies'; from: string }
  /** Where `getMigrations` lives: `better-auth/db` before 1.5. */
  migrationModule: 'better-auth/db/migration' | 'better-auth/db'
  /** The adapter type exported by `better-auth`: `Adapter` before 1.4 (1.4 has both). */
  adapterType: 'DBAdapter' | 'Adapter'
  /** Schema fields take `index: true` (1.4 and later). */
  fieldIndex: boolean
  /**
   * A verified user's email change reaches the new address only through
   * `user.changeEmail.sendChangeEmailVerification` (before 1.4); later, through `sendVerificationEmail`.
   */
  changeEmailVerification: boolean
  /**
   * `/verify-email` ignores a link whose address is already verified (1.4 and later); before, every click
   * of a still-valid link signs in again, so auto sign-in after verification would make it a login link.
   */
  verificationLinkOnce: boolean
}

/**
 * Read from each release's own package exports and `.d.ts` files (1.3.0, 1.3.34, 1.4.0, 1.4.22,
 * 1.5.0, 1.5.6, 1.6.0, 1.6.34, 1.7.0, 1.7.29).
 *
 * @example betterAuthApi(project).cookies // { name: 'reactStartCookies', from: 'better-auth/react-start' } on 1.3.34
 */
export function betterAuthApi(project: Pick<ProjectInfo, 'versions'>): BetterAuthApi {
  const version = betterAuthVersion(project)
  const atLeast = (release: string) => semver.gte(version, release)
  return {
    version,
    cookies: atLeast('1.4.0')
      ? { name: 'tanstackStartCookies', from: 'better-auth/tanstack-start' }
      : { name: 'reactStartCookies', from: 'better-auth/react-start' },
    migrationModule: atLeast('1.5.0') ? 'better-auth/db/migration' : 'better-auth/db',
    adapterType: atLeast('1.4.0') ? 'DBAdapter' : 'Adapter',
    fieldIndex: atLeast('1.4.0'),
    changeEmailVerification: !atLeast('1.4.0'),
    verificationLinkOnce: atLeast('1.4.0'),
  }
}

/** A change between better-auth releases that the code kit-auth generates or edits depends on. */
export interface BreakingChange {
  id: 'cookies' | 'adapter-type' | 'field-index' | 'migrations'
  /** The release that made it. */
  release: string
  /** What changed, and how kit-auth's code follows it. */
  change: string
}

/** Every spelling `betterAuthApi` switches on, with the release that changed it. */
export const BREAKING_CHANGES: readonly BreakingChange[] = [
  {
    id: 'cookies',
    release: '1.4.0',
    change:
      'the cookies plugin `reactStartCookies` from better-auth/react-start became `tanstackStartCookies` from ' +
      'better-auth/tanstack-start',
  },
  {
    id: 'adapter-type',
    release: '1.4.0',
    change: 'the database adapter type `Adapter` became `DBAdapter` (the API-token plugin uses it)',
  },
  { id: 'field-index', release: '1.4.0', change: 'schema fields take `index: true` (the API-token table uses it)' },
  {
    id: 'migrations',
    release: '1.5.0',
    change: '`getMigrations` moved from better-auth/db to better-auth/db/migration (kit-auth migrate uses it)',
  },
]

/**
 * The breaking changes a move from release `from` to release `to` crosses.
 *
 * @example breakingChangesBetween('1.4.4', '1.7.29').map((change) => change.id) // ['migrations']
 */
export function breakingChangesBetween(from: string, to: string): BreakingChange[] {
  return BREAKING_CHANGES.filter((change) => semver.gt(change.release, from) && semver.lte(change.release, to))
}
