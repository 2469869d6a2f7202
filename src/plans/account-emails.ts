import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { linkPathOf, routeTable } from '../routes/discover.js'
import type { ProjectInfo } from '../project/types.js'
import { routeFileFor } from './paths.js'

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
  const email = wanted.length > 0
  const routes = email ? routeTable(project).routes : []
  const pages: AccountEmailPlan['pages'] = []
  const notes: string[] = []
  for (const key of wanted) {
    const urlPath = urlOf(key)
    const existing = routes.find(
      (route) =>
        route.file !== null && route.kind !== 'layout' && route.kind !== 'pathless' && linkPathOf(route) === urlPath,
    )
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
function appName(packageName: string | null): string {
  const bare = (packageName ?? '').replace(/^@[^/]+\//, '')
  const words = bare.split(/[-_.\s]+/).filter(Boolean)
  return words.length > 0 ? words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ') : 'Your app'
}
