import path from 'node:path'
import type { ChangeSet } from '../../core/change-set.js'
import { KitError } from '../../core/errors.js'
import { adoptAuth } from '../../codemods/auth/adopt-instance.js'
import { ERASED_TYPE } from '../../codemods/auth/erased-type.js'
import { MOVED_TYPE_ARGUMENT } from '../../codemods/auth/infer-options.js'
import { adoptAuthClient } from '../../codemods/client/add-client-plugins.js'
import { addRedirectSearch } from '../../codemods/route/add-redirect-search.js'
import { runTransform } from '../../codemods/transform.js'
import type { DrizzleSetup } from '../../project/drizzle.js'
import { sameAppModule } from '../../project/modules.js'
import type { ProjectInfo } from '../../project/types.js'
import { componentStep, planInstanceEmails } from '../account-emails.js'
import type { Adoption } from '../adopt.js'
import { convexNotes } from '../convex.js'
import { importSpecifier, importSpecifierOfFile, routeFileFor } from '../paths.js'
import { betterAuthApi } from '../versions.js'
import type { InitAnswers } from './checks.js'
import { magicLinkSignIn, moduleFrom } from './files.js'
import { signUpFieldsNote } from './sign-up.js'

/** What a JSON consumer learns about the reused pieces. */
export function adoptionSummary(adoption: Adoption) {
  return {
    instance: adoption.instance && { file: adoption.instance.file, exportName: adoption.instance.exportName },
    handler: adoption.handler,
    convex: adoption.convex,
    client: adoption.client,
    signIn: adoption.signIn,
    signUp: adoption.signUp,
  }
}

/**
 * Patches what the app already has instead of generating it: its Better Auth instance (missing
 * plugins, cookies plugin last, deactivatedAt, a database when it has none), its auth client
 * (client plugins) and its sign-in (and sign-up) page (a `validateSearch` that accepts the
 * guards' `redirect`). Returns what to tell the user.
 */
export function adoptExisting(
  project: ProjectInfo,
  answers: InitAnswers,
  adoption: Adoption,
  changes: ChangeSet,
  auth: { authFile: string; authImport: string },
  drizzle: DrizzleSetup | null,
  upgrading = false,
): { notes: string[]; manualSteps: string[]; rewroteCookies: boolean } {
  let rewroteCookies = false
  const notes: string[] = []
  const manualSteps: string[] = []
  const run = { style: project.style, rerun: 'run kit-auth init again' }
  const instance = adoption.instance
  if (instance) {
    const result = runTransform(
      changes.read(instance.file) ?? '',
      instance.file,
      adoptAuth,
      {
        plugins: {
          admin: answers.admin,
          organization: answers.organization,
          apiTokens: answers.apiTokens,
          accountLockout: !answers.stateless,
        },
        apiTokensFrom: importSpecifier(project, instance.file, 'lib/auth/api-tokens'),
        lockoutFrom: importSpecifier(project, instance.file, 'lib/auth/lockout'),
        cookies: betterAuthApi(project).cookies,
        deactivation: !answers.stateless,
        database:
          instance.hasDatabase || answers.stateless
            ? null
            : drizzle
              ? {
                  kind: 'drizzle',
                  provider: drizzle.provider,
                  dbExport: drizzle.dbExport,
                  dbFrom: importSpecifierOfFile(project, instance.file, drizzle.dbFile),
                  schemaFrom: importSpecifierOfFile(project, instance.file, drizzle.authSchemaFile),
                  sameModule: sameAppModule(project.aliases, instance.file),
                }
              : answers.db === 'sqlite'
                ? { kind: 'sqlite', path: answers.dbPath }
                : { kind: 'postgres' },
        exportInstance: instance.exportNeeded,
        upgradeCookies: upgrading && betterAuthApi(project).cookies.name === 'tanstackStartCookies',
        style: project.style,
      },
      run,
    )
    changes.update(instance.file, result.text)
    // The account emails, merged the way `kit-auth add` merges them (an own callback is kept).
    const emails = planInstanceEmails(project, changes, instance.file, true, answers, 'kit-auth init')
    manualSteps.push(...emails.manualSteps)
    // The cookies rename is reported with the upgrade's breaking changes; the rest was added.
    const added = [...result.changes, ...emails.added].filter(
      (change) =>
        !change.startsWith('reactStartCookies (') &&
        !change.startsWith(MOVED_TYPE_ARGUMENT) &&
        !change.startsWith(ERASED_TYPE),
    )
    rewroteCookies = result.changes.some((change) => change.startsWith('reactStartCookies ('))
    const moved = result.changes.find((change) => change.startsWith(MOVED_TYPE_ARGUMENT))
    const erased = result.changes.find((change) => change.startsWith(ERASED_TYPE))
    notes.push(
      `Reused your Better Auth instance in ${instance.file}` +
        (added.length > 0 ? `: added ${added.join(', ')}.` : ' (it already has what kit-auth needs).'),
      ...emails.yours.map(
        (option) =>
          `Kept your own \`${option}\` in ${instance.file} (already configured by you): it sends those emails.`,
      ),
    )
    manualSteps.push(...result.notes)
    const twins = project.betterAuth?.others ?? []
    if (twins.length > 0 && added.length > 0)
      manualSteps.push(
        `${twins.join(', ')} also ${twins.length === 1 ? 'makes' : 'make'} a Better Auth instance (often a config ` +
          `for Better Auth's CLI): kit-auth changed only ${instance.file}, the one your app serves. Add ${added.join(', ')} ` +
          `there too before you generate tables from it, or the tables for them will be missing.`,
      )
    if (moved) {
      const type = moved.slice(MOVED_TYPE_ARGUMENT.length + 1)
      notes.push(
        `Moved the type argument ${type} of betterAuth(...) in ${instance.file} to \`satisfies\` on its options: ` +
          `as a type argument it is what \`typeof auth\` is, which hides the plugins and fields above (and yours) ` +
          `from the code that reads them; \`satisfies\` still checks the options against it.`,
      )
    }
    if (erased) {
      const type = erased.slice(ERASED_TYPE.length + 1)
      notes.push(
        `Removed the annotation ${type} from the Better Auth instance in ${instance.file}, and named the instance's ` +
          `own type where the file wrote \`ReturnType<typeof betterAuth>\`: that is Better Auth's type for any ` +
          `options, which hides the plugins and fields above (and yours) from the code that reads them.`,
      )
    }
    const fields = signUpFieldsNote(adoption, routeFileFor(project, answers.signUpPath))
    if (fields) notes.push(fields)
    if (instance.cookieCache && !answers.stateless) {
      notes.push(
        `Your instance caches sessions in a cookie (session.cookieCache): kit-auth's getSession() still reads ` +
          `the session from the database (once per request), so deactivation and bans take effect on the next ` +
          `request.`,
      )
    }
    if (instance.emailOtp)
      notes.push(
        `Your instance sends emailOTP codes (${instance.file}) to verify addresses and reset passwords: kit-auth ` +
          'added no link emails beside them (each sign-up would get a code and a link) and no verify-email or ' +
          'reset-password pages.',
      )
    if (instance.passwordless) notes.push(passwordlessNote(instance.file, answers.signInPath, adoption))
    else if (instance.passwordSpread && (!adoption.signIn || !adoption.signUp)) {
      // what the options say is not what Better Auth gets: neither "on" nor "off" is claimed
      manualSteps.push(
        `kit-auth cannot tell whether password sign-in is on in ${instance.file}: \`${instance.passwordSpread}\` may ` +
          'set `emailAndPassword`. The generated sign-in and sign-up pages use email and password: check that ' +
          '`emailAndPassword.enabled` ends up true (or replace the pages with your own).',
      )
    } else if (!instance.emailAndPassword && (!adoption.signIn || !adoption.signUp)) {
      manualSteps.push(
        'The generated sign-in and sign-up pages use email and password: ' +
          `enable \`emailAndPassword: { enabled: true }\` in ${instance.file} (or replace them with your own).`,
      )
    }
  }
  if (adoption.convex) notes.push(...convexNotes(project, adoption.convex))
  if (adoption.convex?.passwordless)
    notes.push(passwordlessNote(adoption.convex.passwordless.file, answers.signInPath, adoption))
  if (adoption.handler) {
    const route = adoption.handler.startsWith(`${project.routesDirectory}/`)
    notes.push(
      route
        ? `Reused your Better Auth handler route ${adoption.handler}.`
        : `Reused your server entry ${adoption.handler}, which serves Better Auth: kit-auth wrote no ` +
            '/api/auth/$ route.',
    )
    // a Convex handler has no auth.handler, and kit-auth writes no client-ip.ts for it: the instance runs in Convex
    const clientIp = path.posix.join(project.srcDirectory, 'lib/auth/client-ip.ts')
    if (!adoption.convex)
      manualSteps.push(
        `Rate limits in ${adoption.handler} key on the X-Forwarded-For a client sends: ` +
          `pass \`await withClientIp(request)\` (from ${clientIp}) to \`auth.handler\` instead of \`request\`.`,
      )
  }
  // A Convex app's client is typed by its instance in Convex, which the Start app cannot import: kept as it is.
  if (adoption.client && adoption.convex) notes.push(`Reused your auth client in ${adoption.client.file} as it is.`)
  else if (adoption.client) {
    const result = runTransform(
      changes.read(adoption.client.file) ?? '',
      adoption.client.file,
      adoptAuthClient,
      {
        admin: answers.admin,
        organization: answers.organization,
        magicLink: !adoption.signIn && magicLinkSignIn(adoption),
        authType: {
          from: moduleFrom(project, adoption.client.file, auth.authFile, !instance),
          clause: auth.authImport,
        },
        style: project.style,
      },
      run,
    )
    changes.update(adoption.client.file, result.text)
    notes.push(
      `Reused your auth client in ` +
        `${adoption.client.file}${result.changes.length > 0 ? `: added ${result.changes.join(', ')}` : ''}.`,
    )
  }
  if (!adoption.client && adoption.unusableClient) {
    notes.push(
      `Your \`createAuthClient()\` in ${adoption.unusableClient} is not exported as one object, so the ` +
        `generated pages use their own client ` +
        `(${path.posix.join(project.srcDirectory, 'lib/auth/auth-client.ts')}).`,
    )
  }
  // The generated sign-up page links to sign-in with `search: { redirect }`, and sign-in to sign-up.
  const pages = [
    adoption.signIn && { file: adoption.signIn, path: answers.signInPath, what: 'sign-in page', needed: true },
    adoption.signUp && {
      file: adoption.signUp,
      path: answers.signUpPath,
      what: 'sign-up page',
      needed: !adoption.signIn,
    },
  ]
  for (const page of pages) {
    if (!page) continue
    notes.push(
      `Reused your ${page.what} ${page.file} ` +
        `(${page.path})${page.what === 'sign-in page' ? " as the guards' redirect target" : ''}.`,
    )
    const linked = /\bForgotPasswordLink\b/.test(changes.read(page.file) ?? '')
    if (page.what === 'sign-in page' && answers.passwordReset && !linked)
      manualSteps.push(componentStep(project, 'forgotPasswordLink', page.file, `your sign-in page (${page.file})`))
    if (!page.needed) continue
    const { text, data: result } = runTransform(
      changes.read(page.file) ?? '',
      page.file,
      addRedirectSearch,
      { style: project.style },
      run,
    )
    if (result?.status === 'added') {
      changes.update(page.file, text)
      notes.push(
        `Added a \`validateSearch\` to ${page.file} so it accepts the \`redirect\` search param the guards ` +
          `send; send users back there after signing in (\`getSafeRedirect(Route.useSearch().redirect)\` from ` +
          `${importSpecifier(project, page.file, 'lib/auth/redirect')}).`,
      )
    } else if (result?.status === 'extended') {
      changes.update(page.file, text)
      notes.push(
        `Added an optional \`redirect\` to ${result.where} of ${page.file}'s \`validateSearch\`, so the guards' ` +
          `\`search: { redirect }\` type-checks and is kept. Where the page goes after signing in is still its own ` +
          `choice: to send users back to the page that sent them, go to \`getSafeRedirect(Route.useSearch().redirect)\` ` +
          `(from ${importSpecifier(project, page.file, 'lib/auth/redirect')}).`,
      )
    } else if (result && !result.mentionsRedirect) {
      throw new KitError(
        `${page.file} (${page.path}, your ${page.what}) ` +
          (result.status === 'present'
            ? 'has a `validateSearch` kit-auth cannot add an optional `redirect` string to'
            : 'has route options kit-auth cannot read, to add a `validateSearch` to') +
          `: kit-auth's guards and pages send \`search: { redirect }\` there, which would not type-check.`,
        `Make its \`validateSearch\` accept an optional \`redirect\` string ` +
          `(zod: \`redirect: z.string().optional()\`), or pass --sign-in-path <a free path> ` +
          `for a page of kit-auth's, then run kit-auth init again.`,
      )
    }
  }
  return { notes, manualSteps, rewroteCookies }
}

/** What init did for an instance whose password sign-in is off: no password pages, and the sign-in page it wrote. */
function passwordlessNote(file: string, signInPath: string, adoption: Adoption): string {
  const page = adoption.signIn
    ? `the guards send visitors to your ${signInPath} page (${adoption.signIn})`
    : magicLinkSignIn(adoption)
      ? `the ${signInPath} page kit-auth wrote signs in by your instance's magic link`
      : `the ${signInPath} page kit-auth wrote has no form: put the sign-in your app uses there (the guards ` +
        `redirect to it)`
  return (
    `Your instance in ${file} has password sign-in off (emailAndPassword.enabled is not true): kit-auth wrote no ` +
    `sign-up, forgot-password or reset-password page and no password-reset settings; ${page}.`
  )
}
