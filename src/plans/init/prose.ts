import path from 'node:path'
import type { ProjectInfo } from '../../project/types.js'
import type { AccountEmailPlan } from '../account-emails.js'
import { scriptRunner } from '../app-tasks.js'
import { importSpecifier } from '../paths.js'
import type { InitAnswers } from './checks.js'

/** Hosted or third-party auth libraries an app may be moving away from, by package name prefix. */
const OTHER_AUTH = [
  ['@clerk/', 'Clerk'],
  ['@workos-inc/', 'WorkOS'],
  ['@workos/', 'WorkOS'],
  ['@auth0/', 'Auth0'],
  ['@kinde-oss/', 'Kinde'],
  ['@auth/', 'Auth.js'],
  ['next-auth', 'Auth.js'],
  ['lucia', 'Lucia'],
  ['@supabase/ssr', 'Supabase Auth'],
  ['@stackframe/', 'Stack Auth'],
  ['@neondatabase/neon-js', 'Neon Auth'],
  ['@neondatabase/auth', 'Neon Auth'],
] as const

/** "Clerk is already set up" style notes: kit-auth adds Better Auth next to it and says so. */
export function otherAuthNotes(manifest: ProjectInfo['manifest']): string[] {
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  const found = new Map<string, string[]>()
  for (const name of names) {
    const vendor = OTHER_AUTH.find(
      ([prefix]) => name === prefix || (prefix.endsWith('/') && name.startsWith(prefix)),
    )?.[1]
    if (vendor) found.set(vendor, [...(found.get(vendor) ?? []), name])
  }
  return [...found].map(
    ([vendor, packages]) =>
      `${vendor} (${packages.join(', ')}) is also set up in this app: Better Auth was added next to it, not in ` +
      `its place. Remove ${vendor}'s provider, middleware and routes once you switch over.`,
  )
}

/** What to do once `init` is done: try it, then the optional setup, protecting routes and server functions. */
export function initNextSteps(
  project: ProjectInfo,
  answers: InitAnswers,
  emails: AccountEmailPlan,
  envEntries: Record<string, string>,
  passwordless = false,
  signUpPage = true,
): string[] {
  const run = scriptRunner(project)
  return [
    // (an instance with password sign-in off has no sign-up page: its users sign in the way it allows)
    passwordless || !signUpPage
      ? `Start the dev server: \`${run} dev\`, then sign in at ${envEntries.BETTER_AUTH_URL}${answers.signInPath}.`
      : `Start the dev server: \`${run} dev\`, then open ${envEntries.BETTER_AUTH_URL}${answers.signUpPath} to ` +
        `create an account.`,
    ...(emails.flags.email
      ? [
          `Account emails (verification, password reset) print to the server console and .kit-auth/outbox/ in ` +
            `development; in production set SMTP_URL (or RESEND_API_KEY) and EMAIL_FROM.`,
        ]
      : []),
    ...(answers.redis
      ? [
          `Set REDIS_URL in ${project.envFile} (and on every instance in production); without it sessions are ` +
            `read from the database and rate limits are counted per instance.`,
        ]
      : []),
    `Protect a route: \`npx kit-auth protect /dashboard\` (or put routes under ` +
      `${path.posix.join(project.routesDirectory, '_authenticated/')}).`,
    `Protect server functions with \`authAction()\` from ` +
      `${importSpecifier(project, path.posix.join(project.srcDirectory, 'x.ts'), 'lib/auth/action-middleware')}: ` +
      `guards gate navigation, not data.`,
  ]
}
