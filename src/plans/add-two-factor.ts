import path from 'node:path'
import type { Plan } from '../core/apply.js'
import type { ChangeSet } from '../core/change-set.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { addPluginCalls, type PluginCall } from '../codemods/auth/add-plugin-calls.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import { addClientPlugins } from '../codemods/client/add-client-plugins.js'
import { importClause } from '../codemods/js/exports.js'
import { addPageElement } from '../codemods/page/add-page-element.js'
import { stopAtSecondFactor } from '../codemods/page/stop-at-second-factor.js'
import { runTransform } from '../codemods/transform.js'
import { twoFactorSchema } from '../project/auth-tables.js'
import type { ProjectInfo } from '../project/types.js'
import { routeTable } from '../routes/discover.js'
import { ACCOUNT_PAGE_MARKER, appName } from './account-emails.js'
import { pageAt, type ExistingAuth } from './adopt.js'
import { planOrmTables } from './add-orm-tables.js'
import { authModuleOf, migrateTask, onSqlite, planInstall, requireDatabase } from './app-tasks.js'
import { addDependencies } from './package-json.js'
import { authModuleFile, importSpecifier, importSpecifierOfFile, routeFileFor } from './paths.js'
import { betterAuthVersion } from './versions.js'

/** The QR code of the authenticator-app secret is drawn by uqr (no dependencies, its own types). */
export const TWO_FACTOR_DEPENDENCIES = { uqr: '^0.1.3' } as const

/** A line of the generated challenge page: a page at that URL without it is the app's own and is kept. */
const TWO_FACTOR_PAGE_MARKER = '@public the second step of a sign-in with two-factor on'

/** Where kit-auth's pieces are: its own files, or the app's adopted instance and client. */
export interface AuthFiles {
  auth: string
  client: string
  session: string
}

/**
 * `kit-auth add two-factor`: Better Auth's `twoFactor()` (TOTP, backup codes, trusted devices) and
 * kit-auth's `totpReplayGuard()` in the instance, lib/auth/two-factor.ts, `twoFactorClient()` whose
 * `onTwoFactorRedirect` opens the challenge page (beside sign-in), kit-auth's sign-in page stopping
 * there, `<TwoFactorSettings />` on the account page, uqr, and the migration of the new tables.
 * A second run plans nothing.
 */
export async function planTwoFactor(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  files: AuthFiles,
  options: { install: boolean; signInPath: string },
): Promise<Plan> {
  const authText = changes.read(files.auth) ?? ''
  const instance = inspectAuthInstance(authText, files.auth)
  requireDatabase(
    files.auth,
    instance.stateless,
    'two-factor',
    "two-factor stores each user's secret and backup codes in one.",
  )
  const notes: string[] = []
  const manualSteps: string[] = []
  const lib = (name: string) => path.posix.join(project.srcDirectory, 'lib/auth', name)
  // beside the instance when it lives in a workspace package (the instance imports it)
  const serverFile = authModuleFile(project, 'lib/auth/two-factor.ts')
  const componentFile = lib('components/two-factor-settings.tsx')
  const twoFactorPath = path.posix.join(path.posix.dirname(options.signInPath), 'two-factor')

  // --- the instance: twoFactor() and the replay guard, before the cookies plugin
  const adopted = existing.instance !== null
  const serverModule = adopted ? importSpecifier(project, files.auth, 'lib/auth/two-factor') : './two-factor'
  const plugins: PluginCall[] = [
    {
      name: 'twoFactor',
      code: 'twoFactor({ issuer: TOTP_ISSUER, totpOptions: TOTP })',
      imports: { 'better-auth/plugins': ['twoFactor'], [serverModule]: ['TOTP', 'TOTP_ISSUER'] },
    },
    { name: 'totpReplayGuard', code: 'totpReplayGuard()', imports: { [serverModule]: ['totpReplayGuard'] } },
  ]
  const rerun = 'run kit-auth add two-factor again'
  const server = runTransform(
    authText,
    files.auth,
    addPluginCalls,
    { plugins, command: 'kit-auth add two-factor', style: project.style },
    { style: project.style, rerun },
  )
  changes.update(files.auth, server.text)
  const added = server.data?.added ?? []
  if (added.length > 0) notes.push(`${files.auth}: added ${server.changes.join(', ')}.`)
  if (added.includes('totpReplayGuard') && !added.includes('twoFactor'))
    notes.push(
      `${files.auth}: kept your own twoFactor() options; totpReplayGuard() reads their digits and period ` +
        `when it runs (${serverFile}).`,
    )

  // --- the client: twoFactorClient() opens the challenge page after the password step
  const clientText = changes.read(files.client)
  if (clientText !== null) {
    const unit = project.style.indent || '  '
    const semi = project.style.semicolons ? ';' : ''
    // A method with a block body: no formatter joins it onto one line, whatever its width
    // (an arrow broken after `=>` is re-joined by oxfmt at width 100).
    const call = [
      'twoFactorClient({',
      `${unit}onTwoFactorRedirect() {`,
      `${unit}${unit}window.location.assign(\`${twoFactorPath}\${window.location.search}\`)${semi}`,
      `${unit}},`,
      '})',
    ].join('\n')
    const client = runTransform(
      clientText,
      files.client,
      addClientPlugins,
      {
        plugins: ['twoFactorClient'],
        calls: { twoFactorClient: call },
        command: 'kit-auth add two-factor',
        style: project.style,
      },
      { style: project.style, rerun },
    )
    // kit-auth's own client was written by Prettier: keep it so.
    changes.update(files.client, client.text)
  }

  // --- new files: the server module, the account component, the challenge page
  const clientImport = importClause(existing.client?.exportName ?? 'authClient', 'authClient')
  const routes = routeTable(project).routes
  const ownPage = pageAt(routes, twoFactorPath)
  const pageFile = ownPage?.file ?? routeFileFor(project, twoFactorPath)
  const keepPage = ownPage?.file && !(changes.read(ownPage.file) ?? '').includes(TWO_FACTOR_PAGE_MARKER)
  if (keepPage) notes.push(`Kept your own ${twoFactorPath} page (${pageFile}); the sign-in flow leads to it.`)
  const outputs = [
    { template: 'add/two-factor/lib/auth/two-factor.ts.hbs', output: serverFile },
    { template: 'add/two-factor/lib/auth/components/two-factor-settings.tsx.hbs', output: componentFile },
    ...(keepPage ? [] : [{ template: 'add/two-factor/routes/two-factor.tsx.hbs', output: pageFile }]),
  ]
  let pageCreated = false
  for (const file of outputs) {
    if (changes.exists(file.output)) continue
    const text = renderTemplate(
      file.template,
      {
        appNameLiteral: JSON.stringify(appName(project.packageName)),
        clientImport,
        clientModule: importSpecifierOfFile(project, file.output, files.client),
        twoFactorPath,
        signInPath: options.signInPath,
      },
      { import: (target: string) => importSpecifier(project, file.output, target) },
    )
    changes.create(file.output, await formatCode(text, file.output, project.style))
    if (file.output === pageFile) pageCreated = true
  }

  // --- pages: kit-auth's sign-in page stops at the second step; the account page gets the settings
  const signIn = existing.ownSignIn === options.signInPath ? (pageAt(routes, options.signInPath)?.file ?? null) : null
  const signInStep =
    `when \`authClient.signIn.email\` answers \`data.twoFactorRedirect\`, do not navigate on: the client's ` +
    `onTwoFactorRedirect opens ${twoFactorPath}`
  if (signIn) {
    const result = runTransform(
      changes.read(signIn) ?? '',
      signIn,
      stopAtSecondFactor,
      { component: 'SignInPage', style: project.style },
      { style: project.style, rerun },
    )
    changes.update(signIn, result.text)
    if (result.data?.status === 'unrecognised') manualSteps.push(`${signIn}: ${signInStep}.`)
  } else {
    manualSteps.push(`Your sign-in page${existing.signIn?.file ? ` (${existing.signIn.file})` : ''}: ${signInStep}.`)
  }
  const accountPage = routes.find(
    (route) => route.file !== null && (changes.read(route.file) ?? '').includes(ACCOUNT_PAGE_MARKER),
  )?.file
  const settingsStep = (where: string) =>
    `Add to ${where}: \`import { TwoFactorSettings } from ` +
    `'${importSpecifierOfFile(project, accountPage ?? pageFile, componentFile)}'\` ` +
    'and `<TwoFactorSettings />`.'
  if (accountPage) {
    const result = runTransform(
      changes.read(accountPage) ?? '',
      accountPage,
      addPageElement,
      {
        component: 'AccountPage',
        container: 'main',
        name: 'TwoFactorSettings',
        from: importSpecifierOfFile(project, accountPage, componentFile),
        jsx: '<TwoFactorSettings />',
        after: [
          { tag: 'ChangeEmailForm', which: 'last' },
          { tag: 'ChangePassword', which: 'last' },
          { tag: 'button', which: 'last' },
        ],
        style: project.style,
      },
      { style: project.style, rerun },
    )
    if (result.data?.status === 'unrecognised')
      manualSteps.push(settingsStep(`${accountPage} (changed too much for kit-auth to edit it safely)`))
    changes.update(accountPage, result.text)
    if (result.data?.status === 'added') notes.push(`${accountPage}: added <TwoFactorSettings />.`)
  } else manualSteps.push(settingsStep('your account page'))

  // --- packages and tables
  const packageJson = changes.read('package.json')
  if (packageJson !== null)
    changes.update('package.json', addDependencies(packageJson, { dependencies: { ...TWO_FACTOR_DEPENDENCIES } }))
  const tasks: Task[] = []
  planInstall(project, changes, Object.keys(TWO_FACTOR_DEPENDENCIES), options.install, { tasks, manualSteps })
  // Drizzle and Prisma: the tables go into the app's own schema (also the ones an earlier run left out)
  const orm =
    instance.adapter === 'kysely'
      ? null
      : await planOrmTables(
          project,
          changes,
          instance.adapter,
          twoFactorSchema(betterAuthVersion(project), Boolean(project.versions['better-auth']?.installed)),
          'the twoFactor and totpStep tables and the user.twoFactorEnabled column',
        )
  if (orm && orm.added.length > 0) notes.push(`${orm.file}: added ${orm.added.join(', ')}.`)
  if (orm && orm.added.length > 0 && added.length === 0) manualSteps.push(orm.step)
  if (added.length > 0 || pageCreated) {
    const { authModule, exportName } = authModuleOf(project)
    // SQLite is migrated here; other databases when the user points kit-auth migrate at them.
    const migrateNow = added.length > 0 && instance.adapter === 'kysely' && onSqlite(authText)
    if (options.install) tasks.push(migrateTask(project, { authModule, exportName, migrate: migrateNow }))
    else if (orm) manualSteps.push('Run `npx kit-auth migrate`: the route tree, for the new page.')
    else manualSteps.push('Run `npx kit-auth migrate`: the twoFactor and totpStep tables, and the new page.')
    if (added.length > 0 && orm) manualSteps.push(orm.step)
    else if (added.length > 0 && !migrateNow && options.install)
      manualSteps.push('Run `npx kit-auth migrate` against your database: the twoFactor and totpStep tables.')
  }

  const nothing = changes.isEmpty()
  if (nothing) notes.unshift('two-factor is already on in this app.')
  return {
    changeSet: changes,
    tasks,
    manualSteps,
    notes,
    nextSteps: nothing
      ? []
      : [
          `Users turn two-factor on from the account page; after their password, sign-in asks for a code at ` +
            `${twoFactorPath}.`,
        ],
    data: { feature: 'two-factor', alreadyOn: nothing, added },
  }
}
