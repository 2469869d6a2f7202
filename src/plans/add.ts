import path from 'node:path'
import type { Plan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { KitError, UsageError } from '../core/errors.js'
import { listedPlugins } from '../codemods/auth/add-plugin-calls.js'
import { accountEmailsOf } from '../codemods/auth/inspect-instance.js'
import { parse } from '../codemods/js/parse.js'
import type { ProjectInfo } from '../project/types.js'
import { findExistingAuth, type ExistingAuth } from './adopt.js'
import { refuseOnConvex } from './convex.js'
import { planAddEmail, type EmailFeature } from './add-email.js'
import { planPasskey } from './add-passkey.js'
import { planRedis, usesRedisStorage } from './add-redis.js'
import { planTwoFactor } from './add-two-factor.js'
import { planSignIn } from './add-sign-in.js'
import { signInMethodsOf } from './sign-in/instance.js'
import { SIGN_IN_FEATURES, type SignInFeature } from './sign-in/providers.js'
import { authModuleFile } from './paths.js'

/** Every feature `kit-auth add` knows: the ones it can add today, and the ones planned (CONTRACT.md). */
export const FEATURES = [
  {
    name: 'email',
    available: true,
    summary: 'lib/auth/email.ts: one sendEmail (SMTP_URL, RESEND_API_KEY, or a dev outbox)',
  },
  { name: 'email-verification', available: true, summary: 'verification email, /verify-email, change of address' },
  { name: 'password-reset', available: true, summary: '/forgot-password and /reset-password, linked from sign-in' },
  {
    name: 'oauth',
    available: true,
    summary: 'oauth <provider...>: GitHub, Google, Apple, Microsoft, Discord, GitLab buttons and account linking',
  },
  { name: 'oidc', available: true, summary: 'any OpenID Connect provider (--id, --name), PKCE, by discovery' },
  {
    name: 'two-factor',
    available: true,
    summary: 'authenticator-app codes (each accepted once), backup codes, trusted devices',
  },
  { name: 'passkey', available: true, summary: 'passkeys (WebAuthn): register on the account page, sign in with one' },
  { name: 'magic-link', available: true, summary: 'sign-in by a link sent by email (needs email)' },
  {
    name: 'redis',
    available: true,
    summary:
      'Redis (REDIS_URL) shares sessions and rate limits between instances; the database answers when it is down',
  },
] as const

export type AddFeature =
  'email' | 'email-verification' | 'password-reset' | 'two-factor' | 'passkey' | 'redis' | SignInFeature

const AVAILABLE = FEATURES.filter((feature) => feature.available).map((feature) => feature.name)

/**
 * The feature named on the command line, or the usage error (exit 2) that lists the ones there are.
 *
 * @example parseFeature('password-reset') // 'password-reset'
 */
export function parseFeature(name: string | undefined): AddFeature {
  const hint = `Known features: ${AVAILABLE.join(', ')} (\`kit-auth add --list\` shows what is on).`
  if (!name) throw new UsageError('kit-auth add needs a feature.', hint)
  const feature = FEATURES.find((candidate) => candidate.name === name)
  if (!feature) throw new UsageError(`"${name}" is not a feature kit-auth can add.`, hint)
  if (!feature.available) throw new UsageError(`kit-auth add ${name} is not available yet.`, hint)
  return feature.name as AddFeature
}

/** A feature as `kit-auth add --list` shows it. */
export interface FeatureStatus {
  name: string
  available: boolean
  /** Already set up in this app (decided from the auth instance's options and lib/auth/email.ts). */
  on: boolean
  summary: string
}

/** Where kit-auth's pieces are in the app: its own files, or the app's adopted instance and client. */
function authFiles(project: ProjectInfo, existing: ExistingAuth) {
  const lib = (name: string) => path.posix.join(project.srcDirectory, 'lib/auth', name)
  return {
    auth: existing.instance?.file ?? lib('auth.ts'),
    client: existing.client?.file ?? lib('auth-client.ts'),
    // beside the instance when it lives in a workspace package (the instance imports it)
    email: authModuleFile(project, 'lib/auth/email.ts'),
    session: lib('session.ts'),
  }
}

/** Every feature and whether this app has it. */
export function featureStatus(project: ProjectInfo, changes: ChangeSet): FeatureStatus[] {
  const files = authFiles(project, findExistingAuth(project, changes))
  const authText = changes.read(files.auth)
  const emails = authText === null ? null : accountEmailsOf(authText, files.auth)
  const methods = authText === null ? null : signInMethodsOf(authText, files.auth)
  const plugins = authText === null ? [] : listedPlugins(parse(authText, files.auth))
  const on: Record<string, boolean> = {
    email: changes.exists(files.email),
    'two-factor': plugins.includes('twoFactor'),
    passkey: plugins.includes('passkey'),
    'email-verification': emails?.emailVerification ?? false,
    'password-reset': emails?.passwordReset ?? false,
    oauth: (methods?.oauth.length ?? 0) > 0,
    oidc: (methods?.oidc.length ?? 0) > 0,
    'magic-link': methods?.magicLink ?? false,
    redis: authText !== null && usesRedisStorage(authText, files.auth),
  }
  return FEATURES.map((feature) => ({ ...feature, on: on[feature.name] ?? false }))
}

export interface AddOptions {
  install: boolean
  requireEmailVerification?: boolean
  /** `oauth`: the providers; `oidc`: the provider id and the button's label. */
  providers?: string[]
  id?: string
  name?: string
  changes?: ChangeSet
}

/**
 * What `kit-auth add <feature>` changes in an app that went through init (or an earlier kit-auth,
 * or whose own instance init adopted): the instance's options merged by `addAccountEmails`,
 * lib/auth/email.ts, the packages, the pages at their URLs (an app's own page kept), and the
 * feature's component inserted into kit-auth's own sign-in and account pages. What it cannot
 * edit is printed as the two lines to add. A second run plans nothing.
 */
export async function planAdd(project: ProjectInfo, feature: AddFeature, options: AddOptions): Promise<Plan> {
  const changes = options.changes ?? new ChangeSet(project.root, project.workspaceRoot)
  const existing = findExistingAuth(project, changes)
  refuseOnConvex(existing.convex, `add ${feature}`, `${feature}'s plugin or options`)
  const files = authFiles(project, existing)
  if (!changes.exists(files.session) || !changes.exists(files.auth)) {
    throw new KitError(
      `${files.session} does not exist: kit-auth add builds on the auth layer \`kit-auth init\` generates.`,
      'Run `npx kit-auth init` first (or pass --cwd <app>).',
    )
  }
  if ((SIGN_IN_FEATURES as readonly string[]).includes(feature))
    return planSignIn(project, changes, existing, files, {
      feature: feature as SignInFeature,
      providers: options.providers,
      id: options.id,
      name: options.name,
    })
  const signInPath = existing.ownSignIn ?? existing.signIn?.path ?? '/sign-in'
  if (feature === 'two-factor')
    return planTwoFactor(project, changes, existing, files, { install: options.install, signInPath })
  if (feature === 'passkey')
    return planPasskey(project, changes, existing, files, { install: options.install, signInPath })
  if (feature === 'redis')
    return planRedis(project, changes, files.auth, { install: options.install, adopted: existing.instance !== null })
  return planAddEmail(project, changes, existing, files, feature as EmailFeature, {
    install: options.install,
    requireEmailVerification: options.requireEmailVerification,
    signInPath,
  })
}
