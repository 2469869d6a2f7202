import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { KitError, UsageError } from '../core/errors.js'
import type { GlobalOptions } from '../core/options.js'
import type { Prompter } from '../core/prompt.js'
import { foreignPageAt, freeSignInPath, type Adoption, type ExistingAuth } from '../plans/adopt.js'
import type { InitAnswers } from '../plans/init/checks.js'
import type { DrizzleDetection } from '../project/drizzle.js'
import type { ServerlessHost } from '../project/hosting.js'
import type { PrismaDetection } from '../project/prisma.js'
import type { ProjectInfo } from '../project/types.js'

export interface InitFlags extends GlobalOptions {
  db?: 'sqlite' | 'postgres' | 'drizzle' | 'prisma'
  dbPath?: string
  signInPath?: string
  admin: boolean
  organization: boolean
  apiTokens: boolean
  email: boolean
  emailVerification: boolean
  passwordReset: boolean
  requireEmailVerification: boolean
  layout: boolean
  redis: boolean
  upgradeBetterAuth: boolean
}

const PLUGINS = ['admin', 'organization', 'apiTokens'] as const
/** The email-based account lifecycle (templates/init/lib/auth/email.ts sends for both). */
const EMAIL_FEATURES = ['emailVerification', 'passwordReset'] as const

/** A route path kit-auth can turn into a file: `/sign-in`, `/auth/login`. */
function checkRoutePath(value: string): string {
  if (!/^(\/[a-z0-9][a-z0-9-]*)+$/.test(value)) {
    throw new UsageError(
      `"${value}" is not a usable sign-in path.`,
      'Pass --sign-in-path with lower-case segments, e.g. /sign-in or /auth/login.',
    )
  }
  return value
}

/** An app that already talks to Postgres through `pg` (and no ORM) gets a Pool by default; any other, a SQLite file. */
function defaultDatabase(project: ProjectInfo, host: ServerlessHost | null): 'sqlite' | 'postgres' {
  const databases = project.databases
  const orm = ['drizzle-orm', 'prisma', '@prisma/client'].some((name) => databases.includes(name))
  // A serverless host has no disk to keep a SQLite file on.
  return host || (databases.includes('pg') && !orm) ? 'postgres' : 'sqlite'
}

/** Every question, asked before anything is planned; flags answer them without a prompt. */
export async function askInit(
  flags: InitFlags,
  prompter: Prompter,
  existing: ExistingAuth,
  project: ProjectInfo,
  drizzle: DrizzleDetection | null,
  prisma: PrismaDetection | null,
  host: ServerlessHost | null,
  changes: ChangeSet,
): Promise<{ answers: InitAnswers; adoption: Adoption }> {
  const instance = existing.instance
  if (instance) {
    const reuse = await prompter.confirm({
      message:
        `This app already configures Better Auth in ${instance.file}. Reuse it (kit-auth adds only the plugins ` +
        `and fields it needs)?`,
      flag: '--yes',
      default: true,
    })
    if (!reuse) {
      throw new KitError(
        `kit-auth needs the app's one Better Auth instance: a second one in the same app would fight over the ` +
          `same cookies and routes.`,
        `Run kit-auth init again and reuse ${instance.file}, or move it aside first.`,
      )
    }
  }
  const client =
    existing.client &&
    (await prompter.confirm({
      message: `Reuse the auth client in ${existing.client.file} (kit-auth adds its client plugins)?`,
      flag: '--yes',
      default: true,
    }))
      ? existing.client
      : null
  const convex = existing.convex
  if (convex && (flags.db || flags.redis)) {
    throw new UsageError(
      `${flags.db ? `--db ${flags.db}` : '--redis'}: this app's Better Auth runs in Convex (${convex.handler} serves ` +
        `it through @convex-dev/better-auth), whose component keeps its data; kit-auth cannot give it another ` +
        `${flags.db ? 'database' : 'store'}.`,
      `Run kit-auth init again without ${flags.db ? '--db' : '--redis'}.`,
    )
  }
  // An instance without a database can take the app's Drizzle db; kit-auth never rewrites one that has a database.
  if ((flags.db === 'prisma' && instance) || (flags.db === 'drizzle' && instance?.hasDatabase)) {
    throw new UsageError(
      `--db ${flags.db} cannot be combined with your existing Better Auth instance in ${instance.file}: ` +
        `kit-auth does not rewrite its database.`,
      `Point its \`database\` at your ` +
        `${flags.db === 'drizzle' ? 'Drizzle db (drizzleAdapter)' : 'Prisma client (prismaAdapter)'} yourself, ` +
        `then run kit-auth init again without --db.`,
    )
  }
  if (flags.db === 'drizzle' && !instance?.hasDatabase && !drizzle?.setup) {
    throw new UsageError(
      drizzle?.reason ? `--db drizzle: ${drizzle.reason}.` : '--db drizzle: this app has no drizzle.config.* file.',
      'Fix the Drizzle setup (drizzle.config with a literal dialect and schema, ' +
        'and `export const db = drizzle(...)` under the source folder), or pass --db sqlite or --db postgres.',
    )
  }
  if (flags.db === 'prisma' && !instance && !prisma?.setup) {
    throw new UsageError(
      prisma?.reason ? `--db prisma: ${prisma.reason}.` : '--db prisma: this app has no prisma/schema.prisma.',
      'Fix the Prisma setup (a datasource provider and `export const prisma = new PrismaClient(...)` under the ' +
        'source folder), or pass --db sqlite or --db postgres.',
    )
  }
  // An app with its own Drizzle db keeps it: Better Auth's tables go into its schema.
  const useDrizzle =
    !flags.db && !instance?.hasDatabase && drizzle?.setup
      ? await prompter.confirm({
          message:
            `This app uses Drizzle (${drizzle.setup.dbFile}, ${drizzle.setup.provider}). Store Better Auth's ` +
            `tables in it (kit-auth writes ${drizzle.setup.authSchemaFile}; you apply it with drizzle-kit)?`,
          flag: '--db drizzle',
          default: true,
        })
      : false
  const usePrisma =
    !flags.db && !useDrizzle && !instance && prisma?.setup
      ? await prompter.confirm({
          message:
            `This app uses Prisma (${prisma.setup.clientFile}, ${prisma.setup.provider}). Store Better Auth's ` +
            `tables in it (kit-auth appends its models to ${prisma.setup.schemaFile}; ` +
            'you apply them with prisma migrate)?',
          flag: '--db prisma',
          default: true,
        })
      : false
  // A stateless instance (no database, sessions in the cookie) stays stateless unless --db says otherwise; a
  // Convex instance keeps its data in Convex, where kit-auth's code cannot reach it: the same parts are left out.
  const stateless = (Boolean(instance?.stateless) && !flags.db) || convex !== null
  const db =
    flags.db ??
    (convex
      ? 'convex'
      : stateless
        ? 'sqlite'
        : useDrizzle
          ? 'drizzle'
          : usePrisma
            ? 'prisma'
            : instance?.hasDatabase
              ? 'sqlite'
              : await prompter.select({
                  message: 'Database for Better Auth',
                  flag: '--db <sqlite|postgres|drizzle|prisma>',
                  default: defaultDatabase(project, host),
                  choices: [
                    { value: 'sqlite' as const, label: 'SQLite file (better-sqlite3)', hint: 'works at once' },
                    { value: 'postgres' as const, label: 'PostgreSQL (pg, DATABASE_URL)' },
                  ],
                }))
  const plugins = stateless
    ? []
    : PLUGINS.every((name) => flags[name])
      ? await prompter.multiselect({
          message: 'Plugins',
          flag: '--no-admin / --no-organization / --no-api-tokens',
          default: [...PLUGINS],
          choices: [
            { value: 'admin' as const, label: 'Admin (roles, bans, requireAdminAuth)' },
            { value: 'organization' as const, label: 'Organizations (active organization, organizationAction)' },
            { value: 'apiTokens' as const, label: 'API tokens (Authorization: Bearer sk_live_...)' },
          ],
        })
      : PLUGINS.filter((name) => flags[name])
  // Email flows store their tokens (none without a database); an adopted instance gets them merged in.
  // an instance that verifies addresses with emailOTP codes would send a link beside each code
  const emailFeatures =
    stateless || !flags.email || instance?.emailOtp
      ? []
      : EMAIL_FEATURES.every((name) => flags[name])
        ? await prompter.multiselect({
            message: 'Account emails',
            flag: '--no-email-verification / --no-password-reset / --no-email',
            default: [...EMAIL_FEATURES],
            choices: [
              { value: 'emailVerification' as const, label: 'Email verification (and changing the address)' },
              { value: 'passwordReset' as const, label: 'Password reset (/forgot-password)' },
            ],
          })
        : EMAIL_FEATURES.filter((name) => flags[name])
  // The app's own sign-in page becomes the guards' redirect target, unless --sign-in-path says otherwise.
  let signInPath: string
  let reusedSignIn: string | null = null
  if (flags.signInPath) {
    signInPath = checkRoutePath(flags.signInPath)
    reusedSignIn = foreignPageAt(changes, existing, signInPath)
  } else if (
    existing.signIn &&
    (await prompter.confirm({
      message:
        `Use your ${existing.signIn.path} page (${existing.signIn.file}) ` +
        'as the sign-in page the guards redirect to?',
      flag: '--sign-in-path <path>',
      default: true,
    }))
  ) {
    signInPath = existing.signIn.path
    reusedSignIn = existing.signIn.file
  } else {
    signInPath = checkRoutePath(
      await prompter.text({
        message: 'Sign-in route path',
        flag: '--sign-in-path <path>',
        default: existing.ownSignIn ?? freeSignInPath(existing),
      }),
    )
    reusedSignIn = foreignPageAt(changes, existing, signInPath)
  }
  const signUpPath = path.posix.join(path.posix.dirname(signInPath), 'sign-up')
  const layout =
    flags.layout &&
    (await prompter.confirm({
      message: 'Create the _authenticated layout route (children require sign-in)?',
      flag: '--no-layout',
      default: true,
    }))
  return {
    answers: {
      db,
      dbPath: flags.dbPath ?? './data/auth.db',
      signInPath,
      signUpPath,
      admin: plugins.includes('admin'),
      organization: plugins.includes('organization'),
      apiTokens: plugins.includes('apiTokens'),
      emailVerification: emailFeatures.includes('emailVerification'),
      // an instance with password sign-in off gets no password reset, and no verification required to sign in
      passwordReset: !instance?.passwordless && emailFeatures.includes('passwordReset'),
      requireEmailVerification:
        !instance?.passwordless && flags.requireEmailVerification && emailFeatures.includes('emailVerification'),
      layout,
      ...(flags.redis ? { redis: true } : {}),
      ...(stateless ? { stateless } : {}),
    },
    adoption: {
      instance,
      handler: existing.handler,
      convex,
      client,
      unusableClient: existing.unusableClient,
      signIn: reusedSignIn,
      // An app's own page where the sign-up page would go is reused rather than overwritten.
      signUp: foreignPageAt(changes, existing, signUpPath),
    },
  }
}
