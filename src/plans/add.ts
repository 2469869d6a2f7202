import path from 'node:path'
import type { Plan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { KitError, UsageError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { listedPlugins } from '../codemods/auth/add-plugin-calls.js'
import { accountEmailsOf } from '../codemods/auth/inspect-instance.js'
import { parse } from '../codemods/js/parse.js'
import { importClause } from '../codemods/js/exports.js'
import { addPageElement, type AddPageElementOptions } from '../codemods/page/add-page-element.js'
import { addSignUpCallback } from '../codemods/page/add-sign-up-callback.js'
import { explainUnverifiedSignIn } from '../codemods/page/explain-unverified-sign-in.js'
import { runTransform } from '../codemods/transform.js'
import type { ProjectInfo } from '../project/types.js'
import { routeTable } from '../routes/discover.js'
import {
  ACCOUNT_PAGE_MARKER,
  accountEmailComponents,
  componentFile,
  componentStep,
  EMAIL_COMPONENTS,
  planAccountEmails,
  planInstanceEmails,
  type AccountEmailAnswers,
} from './account-emails.js'
import { findExistingAuth, isOwnPage, pageAt, type ExistingAuth } from './adopt.js'
import { migrateTask, planInstall } from './app-tasks.js'
import { planPasskey } from './add-passkey.js'
import { planRedis, usesRedisStorage } from './add-redis.js'
import { planTwoFactor } from './add-two-factor.js'
import { addIgnores, isIgnored } from './env.js'
import { SIGN_IN_FEATURES, planSignIn, signInMethodsOf, type SignInFeature } from './add-sign-in.js'
import { planAuthPackageManifest } from './auth-package.js'
import { addDependencies } from './package-json.js'
import { authModulePath, importSpecifier, importSpecifierOfFile, routeFileFor } from './paths.js'

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
    email: `${authModulePath(project, 'lib/auth/email')}.ts`,
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
  const answers: AccountEmailAnswers = {
    passwordReset: feature === 'password-reset',
    emailVerification: feature === 'email-verification',
    requireEmailVerification: feature === 'email-verification' && options.requireEmailVerification === true,
  }
  const emails = planAccountEmails(project, changes, answers, signInPath, { email: true })
  const notes = [...emails.notes]
  const manualSteps: string[] = []

  const instance = planInstanceEmails(project, changes, files.auth, existing.instance !== null, answers, 'kit-auth add')
  notes.push(...instance.notes)
  manualSteps.push(...instance.manualSteps)

  const clientImport = importClause(existing.client?.exportName ?? 'authClient', 'authClient')
  const render = async (template: string, output: string) =>
    formatCode(
      renderTemplate(
        template,
        {
          ...emails.paths,
          ...emails.flags,
          signInPath,
          homePath: '/',
          clientImport,
          clientModule: importSpecifierOfFile(project, output, files.client),
        },
        { import: (target: string) => importSpecifier(project, output, target) },
      ),
      output,
      project.style,
    )
  // Files already there (the app's, or a previous run's) are kept as they are.
  const created: string[] = []
  const emailFile = { template: 'init/lib/auth/email.ts.hbs', output: files.email }
  for (const file of [emailFile, ...accountEmailComponents(project, answers), ...emails.pages]) {
    if (changes.exists(file.output)) continue
    changes.create(file.output, await render(file.template, file.output))
    created.push(file.output)
  }
  const pagesCreated = emails.pages.some((page) => created.includes(page.output))

  const pageSteps = planPageEdits(project, changes, existing, answers, signInPath, emails.paths.verifyEmailPath)
  notes.push(...pageSteps.notes)
  manualSteps.push(...pageSteps.manualSteps)

  // the senders belong to the package that holds email.ts: the app, or the instance's workspace package
  const authPackage = existing.instance ? project.authPackage : undefined
  const packageJson = changes.read('package.json')
  if (authPackage) planAuthPackageManifest(authPackage, changes, emails.dependencies)
  else if (packageJson !== null)
    changes.update('package.json', addDependencies(packageJson, { dependencies: emails.dependencies }))
  const gitignore = changes.read('.gitignore')
  // the development outbox of lib/auth/email.ts
  if (!isIgnored(gitignore, '.kit-auth')) changes.update('.gitignore', addIgnores(gitignore, ['/.kit-auth/']))

  const tasks: Task[] = []
  planInstall(project, changes, Object.keys(emails.dependencies), options.install, { tasks, manualSteps })
  // The new pages' links type-check against the route tree.
  if (pagesCreated && options.install)
    tasks.push(
      migrateTask(project, { authModule: authPackage?.instance.specifier ?? `/${files.auth}`, migrate: false }),
    )
  else if (pagesCreated) manualSteps.push('Regenerate the route tree for the new pages: `npx kit-auth migrate`.')

  // (nothing to change because the instance lacks what the feature builds on is not "on")
  const nothing = changes.isEmpty()
  if (nothing && instance.manualSteps.length === 0) notes.unshift(`${feature} is already on in this app.`)
  return {
    changeSet: changes,
    tasks,
    manualSteps,
    notes,
    nextSteps: nothing
      ? []
      : [
          'Emails print to the server console and .kit-auth/outbox/ in development; ' +
            'in production set SMTP_URL (or RESEND_API_KEY) and EMAIL_FROM.',
        ],
    data: {
      feature,
      alreadyOn: nothing && instance.manualSteps.length === 0,
      added: instance.added,
      yours: instance.yours,
    },
  }
}

/** A component for a page, with what to do when kit-auth cannot insert it. */
interface PageEdit extends Omit<AddPageElementOptions, 'from' | 'style' | 'jsx'> {
  file: string | null
  what: string
  key: keyof typeof EMAIL_COMPONENTS
}

/**
 * Inserts the feature's components into kit-auth's own sign-in and account pages; for an app's own
 * page, or one kit-auth no longer recognises, the next steps give the import and the element.
 */
export function planPageEdits(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  answers: AccountEmailAnswers,
  signInPath: string,
  verifyEmailPath: string,
): { notes: string[]; manualSteps: string[] } {
  const notes: string[] = []
  const manualSteps: string[] = []
  // kit-auth's own sign-in page (it guards itself with redirectIfAuthenticated)
  const signIn = existing.ownSignIn === signInPath ? (pageAt(existing.routes, signInPath)?.file ?? null) : null
  const accountPage = routeTable(project).routes.find(
    (route) => route.file !== null && (changes.read(route.file) ?? '').includes(ACCOUNT_PAGE_MARKER),
  )?.file
  const edits: PageEdit[] = [
    ...(answers.passwordReset
      ? [
          {
            key: 'forgotPasswordLink' as const,
            file: signIn ?? existing.signIn?.file ?? null,
            what: 'sign-in page',
            component: 'SignInPage',
            container: 'form',
            name: EMAIL_COMPONENTS.forgotPasswordLink.name,
            after: [{ tag: 'button', which: 'last' as const }],
          },
        ]
      : []),
    ...(answers.emailVerification
      ? [
          {
            key: 'verifyEmailNotice' as const,
            file: accountPage ?? null,
            what: 'account page',
            component: 'AccountPage',
            container: 'main',
            name: EMAIL_COMPONENTS.verifyEmailNotice.name,
            after: [{ tag: 'p', which: 'first' as const }],
          },
          {
            key: 'changeEmailForm' as const,
            file: accountPage ?? null,
            what: 'account page',
            component: 'AccountPage',
            container: 'main',
            name: EMAIL_COMPONENTS.changeEmailForm.name,
            // beside the other forms, after the sign-out button on pages older than them
            after: [
              { tag: 'ChangePassword', which: 'last' as const },
              { tag: 'button', which: 'last' as const },
            ],
            presentIf: ['ChangeEmail'],
          },
        ]
      : []),
  ]
  const run = { style: project.style, rerun: 'run kit-auth add again' }
  for (const edit of edits) {
    const component = componentFile(project, edit.key)
    const byHand = (where: string) =>
      manualSteps.push(componentStep(project, edit.key, edit.file ?? routeFileFor(project, signInPath), where))
    const own = edit.file && (edit.key === 'forgotPasswordLink' ? edit.file === signIn : true)
    if (edit.file && !own && new RegExp(`\\b${edit.name}\\b`).test(changes.read(edit.file) ?? '')) continue
    if (!edit.file || !own) {
      byHand(edit.file ? `your ${edit.what} (${edit.file})` : `your ${edit.what}`)
      continue
    }
    const { file, what: _what, key: _key, ...transform } = edit
    const result = runTransform(
      changes.read(file) ?? '',
      file,
      addPageElement,
      {
        ...transform,
        jsx: EMAIL_COMPONENTS[edit.key].jsx,
        from: importSpecifierOfFile(project, file, component),
        style: project.style,
      },
      run,
    )
    if (result.data?.status === 'unrecognised') {
      byHand(`${file} (changed too much for kit-auth to edit it safely)`)
      continue
    }
    changes.update(file, result.text)
    if (result.data?.status === 'added') notes.push(`${file}: added <${edit.name} />.`)
  }
  const signUpPath = path.posix.join(path.posix.dirname(signInPath), 'sign-up')
  const signUp = pageAt(existing.routes, signUpPath)?.file ?? null
  if (answers.emailVerification && signUp && isOwnPage(changes.read(signUp))) {
    const result = runTransform(
      changes.read(signUp) ?? '',
      signUp,
      addSignUpCallback,
      { callbackURL: verifyEmailPath, style: project.style },
      run,
    )
    changes.update(signUp, result.text)
    if (result.data?.status === 'added') notes.push(`${signUp}: the verification link leads to ${verifyEmailPath}.`)
  }
  // A required verification means sign-up gives no session: the page should say where the link went.
  const signUpText = signUp ? (changes.read(signUp) ?? '') : ''
  if (answers.requireEmailVerification && signUp && !/data\.token|check-inbox/.test(signUpText))
    manualSteps.push(
      `${signUp}: with requireEmailVerification, sign-up signs nobody in until the address is verified ` +
        '(`data.token` is null): tell the user to follow the link sent to them instead of navigating on.',
    )
  if (answers.emailVerification && signIn) {
    const result = runTransform(
      changes.read(signIn) ?? '',
      signIn,
      explainUnverifiedSignIn,
      { component: 'SignInPage', style: project.style },
      run,
    )
    changes.update(signIn, result.text)
    if (result.data?.status === 'unrecognised')
      manualSteps.push(
        `${signIn}: when sign-in answers \`error.code === 'EMAIL_NOT_VERIFIED'\`, ` +
          'tell the user to follow the new link sent to them.',
      )
  }
  return { notes, manualSteps }
}
