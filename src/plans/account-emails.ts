import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { addAccountEmails } from '../codemods/auth/add-account-emails.js'
import { runTransform } from '../codemods/transform.js'
import { routeTable } from '../routes/discover.js'
import type { ProjectInfo } from '../project/types.js'
import { pageAt } from './adopt.js'
import { importSpecifier, importSpecifierOfFile, routeFileFor } from './paths.js'
import { betterAuthApi } from './versions.js'

/** The email-based account lifecycle `init` (and `kit-auth add`) can give an app. */
export interface AccountEmailAnswers {
  emailVerification: boolean
  passwordReset: boolean
  /** Sign-in refused until the address is verified (only with emailVerification). */
  requireEmailVerification: boolean
}

export const NO_ACCOUNT_EMAILS: AccountEmailAnswers = {
  emailVerification: false,
  passwordReset: false,
  requireEmailVerification: false,
}

/** The packages lib/auth/email.ts sends with (`@vercel/functions` only on Vercel, for waitUntil). */
export const EMAIL_DEPENDENCIES = {
  nodemailer: '^10.6.1',
  resend: '^6.38.0',
  '@vercel/functions': '^3.11.2',
} as const

/** A line of the generated account page (templates/init/routes/_authenticated/account.tsx.hbs): kit-auth's own page. */
export const ACCOUNT_PAGE_MARKER = '// A page behind the _authenticated layout'

/**
 * A line of each generated page (templates/init/routes/<name>.tsx.hbs): a page that has it is
 * kit-auth's own and is rewritten on a re-run; any other page at that URL is the app's and is kept.
 */
const PAGES = {
  forgotPassword: { name: 'forgot-password', marker: '// Asks for a password-reset link.' },
  resetPassword: { name: 'reset-password', marker: '// The link in the reset email lands here' },
  verifyEmail: { name: 'verify-email', marker: '// The link in a verification email lands here' },
} as const

type PageKey = keyof typeof PAGES

export interface AccountEmailPlan {
  /** URL paths of the pages, beside the sign-in page (`/forgot-password` for `/sign-in`). */
  paths: Record<`${PageKey}Path`, string>
  /** Pages to render: template and output file. */
  pages: { template: string; output: string }[]
  /** What the report says about pages of the app's own that were kept. */
  notes: string[]
  /** The packages to add to the app's dependencies. */
  dependencies: Record<string, string>
  /** Template flags (`email` when lib/auth/email.ts is written). */
  flags: { email: boolean; vercel: boolean; cloudflare: boolean; appNameLiteral: string }
}

/** Which pages, files and packages the chosen account emails need, keeping pages the app already has. */
export function planAccountEmails(
  project: ProjectInfo,
  changes: ChangeSet,
  answers: AccountEmailAnswers,
  signInPath: string,
  /** `kit-auth add email`: lib/auth/email.ts and its packages without any flow yet. */
  options: { email?: boolean } = {},
): AccountEmailPlan {
  const base = path.posix.dirname(signInPath)
  const urlOf = (key: PageKey) => path.posix.join(base, PAGES[key].name)
  const paths = {
    forgotPasswordPath: urlOf('forgotPassword'),
    resetPasswordPath: urlOf('resetPassword'),
    verifyEmailPath: urlOf('verifyEmail'),
  }
  const wanted: PageKey[] = [
    ...(answers.passwordReset ? (['forgotPassword', 'resetPassword'] as const) : []),
    ...(answers.emailVerification ? (['verifyEmail'] as const) : []),
  ]
  const email = options.email === true || wanted.length > 0
  const routes = wanted.length > 0 ? routeTable(project).routes : []
  const pages: AccountEmailPlan['pages'] = []
  const notes: string[] = []
  for (const key of wanted) {
    const urlPath = urlOf(key)
    const existing = pageAt(routes, urlPath)
    if (existing?.file && !(changes.read(existing.file) ?? '').includes(PAGES[key].marker)) {
      notes.push(`Kept your own ${urlPath} page (${existing.file}); the account emails link to it.`)
      continue
    }
    pages.push({
      template: `init/routes/${PAGES[key].name}.tsx.hbs`,
      output: existing?.file ?? routeFileFor(project, urlPath),
    })
  }
  const host = project.host?.name
  return {
    paths,
    pages,
    notes,
    dependencies: email
      ? {
          nodemailer: EMAIL_DEPENDENCIES.nodemailer,
          resend: EMAIL_DEPENDENCIES.resend,
          ...(host === 'Vercel' ? { '@vercel/functions': EMAIL_DEPENDENCIES['@vercel/functions'] } : {}),
        }
      : {},
    flags: {
      email,
      vercel: host === 'Vercel',
      cloudflare: host === 'Cloudflare Workers',
      appNameLiteral: JSON.stringify(appName(project.packageName)),
    },
  }
}

/** `@acme/web-app` -> `Web App`: the name email subjects use (the user edits APP_NAME in email.ts). */
export function appName(packageName: string | null): string {
  const bare = (packageName ?? '').replace(/^@[^/]+\//, '')
  const words = bare.split(/[-_.\s]+/).filter(Boolean)
  return words.length > 0 ? words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ') : 'Your app'
}

/** What pages render for each flow (templates/init/lib/auth/components): init imports them, add inserts them. */
export const EMAIL_COMPONENTS = {
  forgotPasswordLink: { name: 'ForgotPasswordLink', file: 'forgot-password-link', jsx: '<ForgotPasswordLink />' },
  verifyEmailNotice: {
    name: 'VerifyEmailNotice',
    file: 'verify-email-notice',
    jsx: '<VerifyEmailNotice user={session.user} />',
  },
  changeEmailForm: { name: 'ChangeEmailForm', file: 'change-email-form', jsx: '<ChangeEmailForm />' },
} as const

/**
 * The next step for a page kit-auth does not edit (the app's own, or changed too much): the two
 * lines that put the component in it.
 *
 * @example componentStep(project, 'forgotPasswordLink', 'src/routes/login.tsx', 'your sign-in page')
 */
export function componentStep(
  project: Pick<ProjectInfo, 'srcDirectory' | 'alias'>,
  key: keyof typeof EMAIL_COMPONENTS,
  page: string,
  where: string,
): string {
  const { name, jsx } = EMAIL_COMPONENTS[key]
  const from = importSpecifierOfFile(project, page, componentFile(project, key))
  return `Add to ${where}: \`import { ${name} } from '${from}'\` and \`${jsx}\`.`
}

/** The component files the chosen flows need: template and output file. */
export function accountEmailComponents(
  project: Pick<ProjectInfo, 'srcDirectory'>,
  answers: Pick<AccountEmailAnswers, 'emailVerification' | 'passwordReset'>,
): { template: string; output: string }[] {
  const keys = [
    ...(answers.passwordReset ? (['forgotPasswordLink'] as const) : []),
    ...(answers.emailVerification ? (['verifyEmailNotice', 'changeEmailForm'] as const) : []),
  ]
  return keys.map((key) => ({
    template: `init/lib/auth/components/${EMAIL_COMPONENTS[key].file}.tsx.hbs`,
    output: componentFile(project, key),
  }))
}

/** Where a component lives in the app: `src/lib/auth/components/forgot-password-link.tsx`. */
export function componentFile(project: Pick<ProjectInfo, 'srcDirectory'>, key: keyof typeof EMAIL_COMPONENTS): string {
  return path.posix.join(project.srcDirectory, 'lib/auth/components', `${EMAIL_COMPONENTS[key].file}.tsx`)
}

/**
 * The account emails merged into an instance's options (kit-auth's auth.ts from an earlier run or
 * without them, or an app's own adopted instance): what `kit-auth add` and `init` on an adopted
 * instance both do, with what to report.
 */
export function planInstanceEmails(
  project: ProjectInfo,
  changes: ChangeSet,
  authFile: string,
  adopted: boolean,
  answers: AccountEmailAnswers,
  command: string,
): { notes: string[]; manualSteps: string[]; added: string[]; yours: string[] } {
  if (!answers.passwordReset && !answers.emailVerification) return { notes: [], manualSteps: [], added: [], yours: [] }
  const result = runTransform(
    changes.read(authFile) ?? '',
    authFile,
    addAccountEmails,
    {
      ...answers,
      changeEmailVerification: betterAuthApi(project).changeEmailVerification,
      verificationLinkOnce: betterAuthApi(project).verificationLinkOnce,
      // kit-auth's own auth.ts imports its siblings as `./name`
      emailFrom: adopted ? importSpecifier(project, authFile, 'lib/auth/email') : './email',
      command,
      style: project.style,
    },
    { style: project.style, rerun: `run ${command} again` },
  )
  changes.update(authFile, result.text)
  const yours = result.data?.yours ?? []
  return {
    notes: [
      ...(result.changes.length > 0 ? [`${authFile}: added ${result.changes.join(', ')}.`] : []),
      ...yours.map(
        (option) => `${authFile}: kept your own \`${option}\` (already configured by you); it sends those emails.`,
      ),
    ],
    manualSteps: result.notes,
    added: result.changes,
    yours,
  }
}
