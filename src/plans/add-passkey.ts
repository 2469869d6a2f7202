import path from 'node:path'
import semver from 'semver'
import type { Plan } from '../core/apply.js'
import type { ChangeSet } from '../core/change-set.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { addPluginCalls } from '../codemods/auth/add-plugin-calls.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import { addClientPlugins } from '../codemods/client/add-client-plugins.js'
import { importClause } from '../codemods/js/exports.js'
import { addPageElement, type Anchor } from '../codemods/page/add-page-element.js'
import { offerPasskeyAutofill } from '../codemods/page/offer-passkey-autofill.js'
import { runTransform } from '../codemods/transform.js'
import { passkeySchema } from '../project/auth-tables.js'
import { devServerUrl } from '../project/dev-server.js'
import type { ProjectInfo } from '../project/types.js'
import { routeTable } from '../routes/discover.js'
import { ACCOUNT_PAGE_MARKER, appName } from './account-emails.js'
import type { AuthFiles } from './add-two-factor.js'
import { pageAt, type ExistingAuth } from './adopt.js'
import { planOrmTables } from './add-orm-tables.js'
import { authModuleOf, migrateTask, onSqlite, planInstall, requireDatabase } from './app-tasks.js'
import { planAuthPackageManifest } from './auth-package.js'
import { addDependencies } from './package-json.js'
import { PASSKEY_PACKAGE, planPeerPins } from './passkey-peers.js'
import { authModuleFile, importSpecifier, importSpecifierOfFile, routeFileFor } from './paths.js'
import { betterAuthVersion } from './versions.js'

/** Where passkeys come from on the app's better-auth release. */
export function passkeySource(project: Pick<ProjectInfo, 'versions'>) {
  const version = betterAuthVersion(project)
  if (semver.lt(version, '1.4.0'))
    return { server: 'better-auth/plugins/passkey', client: 'better-auth/client/plugins', dependency: null }
  // the newest release of the package not newer than the app's better-auth, in its minor
  const parsed = semver.parse(version)
  const floor = parsed ? `${parsed.major}.${parsed.minor}.0` : version
  return {
    server: PASSKEY_PACKAGE,
    client: `${PASSKEY_PACKAGE}/client`,
    dependency: { name: PASSKEY_PACKAGE, range: `>=${floor} <=${version}` },
  }
}

/**
 * `kit-auth add passkey`: Better Auth's `passkey()` (rpID and origin from BETTER_AUTH_URL, in
 * lib/auth/passkey.ts) and `passkeyClient()`, from `@better-auth/passkey` where the release keeps
 * them there; `<PasskeySettings />` (register, list, delete) on the account page, `<PasskeySignIn />`
 * and the email field's passkey autofill on kit-auth's sign-in page; the package and the migration.
 * A second run plans nothing.
 */
export async function planPasskey(
  project: ProjectInfo,
  changes: ChangeSet,
  existing: ExistingAuth,
  files: AuthFiles,
  options: { install: boolean; signInPath: string },
): Promise<Plan> {
  const authText = changes.read(files.auth) ?? ''
  const instance = inspectAuthInstance(authText, files.auth)
  requireDatabase(files.auth, instance.stateless, 'passkey', 'passkeys are stored in one.')
  const source = passkeySource(project)
  const notes: string[] = []
  const manualSteps: string[] = []
  const rerun = 'run kit-auth add passkey again'
  const command = 'kit-auth add passkey'
  const lib = (name: string) => path.posix.join(project.srcDirectory, 'lib/auth', name)
  // beside the instance when it lives in a workspace package (the instance imports it)
  const optionsFile = authModuleFile(project, 'lib/auth/passkey.ts')
  const settingsFile = lib('components/passkey-settings.tsx')
  const signInFile = lib('components/passkey-sign-in.tsx')

  // --- the instance
  const optionsModule = existing.instance ? importSpecifier(project, files.auth, 'lib/auth/passkey') : './passkey'
  const server = runTransform(
    authText,
    files.auth,
    addPluginCalls,
    {
      plugins: [
        {
          name: 'passkey',
          code: 'passkey(PASSKEY_OPTIONS)',
          imports: { [source.server]: ['passkey'], [optionsModule]: ['PASSKEY_OPTIONS'] },
        },
      ],
      command,
      style: project.style,
    },
    { style: project.style, rerun },
  )
  changes.update(files.auth, server.text)
  const added = server.data?.added ?? []
  if (added.length > 0) notes.push(`${files.auth}: added passkey() (from ${source.server}).`)

  // --- the client
  const clientText = changes.read(files.client)
  if (clientText !== null) {
    const client = runTransform(
      clientText,
      files.client,
      addClientPlugins,
      { plugins: ['passkeyClient'], from: source.client, command, style: project.style },
      { style: project.style, rerun },
    )
    changes.update(files.client, client.text)
  }

  // --- new files
  const clientImport = importClause(existing.client?.exportName ?? 'authClient', 'authClient')
  for (const file of [
    { template: 'add/passkey/lib/auth/passkey.ts.hbs', output: optionsFile },
    { template: 'add/passkey/lib/auth/components/passkey-settings.tsx.hbs', output: settingsFile },
    { template: 'add/passkey/lib/auth/components/passkey-sign-in.tsx.hbs', output: signInFile },
  ]) {
    if (changes.exists(file.output)) continue
    const text = renderTemplate(
      file.template,
      {
        appNameLiteral: JSON.stringify(appName(project.packageName)),
        devServerUrl: devServerUrl(project.devServer),
        devServerUrlLiteral: `'${devServerUrl(project.devServer)}'`,
        clientImport,
        clientModule: importSpecifierOfFile(project, file.output, files.client),
        // better-auth 1.3's addPasskey may answer undefined; the package's (1.4 on) always answers
        addPasskeyMayBeUndefined: source.dependency === null,
      },
      { import: (target: string) => importSpecifier(project, file.output, target) },
    )
    changes.create(file.output, await formatCode(text, file.output, project.style))
  }

  // --- pages
  const routes = routeTable(project).routes
  const signIn = existing.ownSignIn === options.signInPath ? (pageAt(routes, options.signInPath)?.file ?? null) : null
  const accountPage = routes.find(
    (route) => route.file !== null && (changes.read(route.file) ?? '').includes(ACCOUNT_PAGE_MARKER),
  )?.file
  const insert = (
    page: string | null | undefined,
    where: { text: string; file: string },
    edit: { component: string; container: string; name: string; jsx: string; from: string; after: Anchor[] },
  ) => {
    // the import as the page the user edits writes it
    const byHand = (place: string) =>
      manualSteps.push(
        `Add to ${place}: \`import { ${edit.name} } from ` +
          `'${importSpecifierOfFile(project, page ?? where.file, edit.from)}'\` and \`${edit.jsx}\`.`,
      )
    if (!page) return byHand(where.text)
    const result = runTransform(
      changes.read(page) ?? '',
      page,
      addPageElement,
      { ...edit, from: importSpecifierOfFile(project, page, edit.from), style: project.style },
      { style: project.style, rerun },
    )
    if (result.data?.status === 'unrecognised')
      return byHand(`${page} (changed too much for kit-auth to edit it safely)`)
    changes.update(page, result.text)
    if (result.data?.status === 'added') notes.push(`${page}: added ${edit.jsx}.`)
  }
  insert(
    accountPage,
    { text: 'your account page', file: routeFileFor(project, '/account') },
    {
      component: 'AccountPage',
      container: 'main',
      name: 'PasskeySettings',
      jsx: '<PasskeySettings />',
      from: settingsFile,
      after: [
        { tag: 'TwoFactorSettings', which: 'last' },
        { tag: 'ChangeEmailForm', which: 'last' },
        { tag: 'ChangePassword', which: 'last' },
        { tag: 'button', which: 'last' },
      ],
    },
  )
  const ownSignInPage = signIn ?? existing.signIn?.file ?? null
  const signInPage = { file: ownSignInPage ?? routeFileFor(project, options.signInPath) }
  insert(
    signIn,
    { text: `your sign-in page${ownSignInPage ? ` (${ownSignInPage})` : ''}, with its safe redirect`, ...signInPage },
    {
      component: 'SignInPage',
      container: 'form',
      name: 'PasskeySignIn',
      jsx: '<PasskeySignIn redirect={redirect} />',
      from: signInFile,
      after: [{ tag: 'button', which: 'last' }],
    },
  )
  if (signIn) {
    const autofill = runTransform(
      changes.read(signIn) ?? '',
      signIn,
      offerPasskeyAutofill,
      { component: 'SignInPage', oxlint: project.oxlint === true },
      { style: project.style, rerun },
    )
    changes.update(signIn, autofill.text)
  }
  const autofillStep =
    'put `webauthn` last in the email field’s autoComplete (`autoComplete="email webauthn"`) so browsers offer ' +
    'passkeys there'
  if (!signIn) manualSteps.push(`Your sign-in page: ${autofillStep}.`)

  // --- the package (1.4+), with npm's overrides for its exact peer pins
  const dependency = source.dependency
  const packageJson = changes.read('package.json')
  // an instance (and client) in a workspace package import it there
  const authPackage = existing.instance ? project.authPackage : undefined
  if (dependency && authPackage) planAuthPackageManifest(authPackage, changes, { [dependency.name]: dependency.range })
  else if (dependency && packageJson !== null)
    changes.update(
      'package.json',
      addDependencies(packageJson, { dependencies: { [dependency.name]: dependency.range } }),
    )
  if (dependency) planPeerPins(project, changes, notes, manualSteps)
  const tasks: Task[] = []
  if (dependency !== null) planInstall(project, changes, [dependency.name], options.install, { tasks, manualSteps })
  // Drizzle and Prisma: the table goes into the app's own schema (also when an earlier run left it out)
  const orm =
    instance.adapter === 'kysely'
      ? null
      : await planOrmTables(project, changes, instance.adapter, passkeySchema(), 'the passkey table')
  if (orm && orm.added.length > 0) notes.push(`${orm.file}: added ${orm.added.join(', ')}.`)
  if (orm && (added.length > 0 || orm.added.length > 0)) manualSteps.push(orm.step)
  if (added.length > 0 && !orm) {
    const { authModule, exportName } = authModuleOf(project)
    const migrateNow = onSqlite(authText)
    if (options.install && migrateNow) tasks.push(migrateTask(project, { authModule, exportName, migrate: true }))
    else manualSteps.push('Run `npx kit-auth migrate`: the passkey table.')
  }

  const nothing = changes.isEmpty()
  if (nothing) notes.unshift('passkey is already on in this app.')
  return {
    changeSet: changes,
    tasks,
    manualSteps,
    notes,
    nextSteps: nothing
      ? []
      : [
          'Users add passkeys on the account page and sign in with them on the sign-in page. A passkey works only ' +
            'on the domain of BETTER_AUTH_URL: set it to the address users reach the app at (https in production).',
        ],
    data: { feature: 'passkey', alreadyOn: nothing, added },
  }
}
