import type { Plan } from '../core/apply.js'
import type { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import { importClause } from '../codemods/js/exports.js'
import type { ProjectInfo } from '../project/types.js'
import {
  accountEmailComponents,
  planAccountEmails,
  planInstanceEmails,
  type AccountEmailAnswers,
} from './account-emails.js'
import type { ExistingAuth } from './adopt.js'
import { migrateTask, planInstall } from './app-tasks.js'
import { planPageEdits } from './email-pages.js'
import { addIgnores, isIgnored } from './env.js'
import { addDependencies } from './package-json.js'
import { planAuthPackageManifest } from './auth-package.js'
import { importSpecifier, importSpecifierOfFile } from './paths.js'

/** The `kit-auth add` features of the email-based account lifecycle. */
export type EmailFeature = 'email' | 'email-verification' | 'password-reset'

/**
 * An instance that verifies addresses and resets passwords with `emailOTP(...)` codes gets no link emails and no
 * verify-email or reset-password page, as `init` leaves them out: each sign-up would get a code and a link.
 */
function refuseBesideEmailOtp(changes: ChangeSet, authFile: string, feature: EmailFeature): void {
  if (feature === 'email') return
  const text = changes.read(authFile)
  if (text === null || !inspectAuthInstance(text, authFile).emailOtp) return
  const page = feature === 'email-verification' ? '/verify-email' : '/forgot-password and /reset-password'
  throw new KitError(
    `${authFile} sends emailOTP codes (its emailOTP(...) plugin) to verify addresses and reset passwords: ` +
      `kit-auth add ${feature} would send a link beside each code, and its ${page} page would not use them. ` +
      'Nothing was written.',
    `Keep the codes (emailOTP's own endpoints), or remove emailOTP(...) from its plugins and run kit-auth add ` +
      `${feature} again.`,
  )
}

/**
 * `kit-auth add email|email-verification|password-reset`: the instance's options merged by
 * `addAccountEmails`, lib/auth/email.ts, the packages, the pages at their URLs (an app's own page
 * kept), and the feature's component inserted into kit-auth's own sign-in and account pages.
 */
export async function planAddEmail(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  files: { auth: string; client: string; email: string },
  feature: EmailFeature,
  options: { install: boolean; requireEmailVerification?: boolean; signInPath: string },
): Promise<Plan> {
  const { signInPath } = options
  refuseBesideEmailOtp(changes, files.auth, feature)
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
