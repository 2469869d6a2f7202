import path from 'node:path'
import type { Plan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { addPlugins } from '../codemods/auth/add-plugins.js'
import { addClientPlugins } from '../codemods/client/add-client-plugins.js'
import { boundNames } from '../codemods/js/bindings.js'
import { appendDeclarations, type Declaration } from '../codemods/module/append-declarations.js'
import { addActiveOrganization } from '../codemods/session/add-active-organization.js'
import { addBanCheck } from '../codemods/session/add-ban-check.js'
import { parseOrRefuse, runTransform, type Transform } from '../codemods/transform.js'
import type { ProjectInfo } from '../project/types.js'
import { actionExportNames, guardExportNames, type GuardKind } from '../routes/guard-kinds.js'
import { findExistingAuth } from './adopt.js'
import { migrateTask } from './app-tasks.js'
import { refuseOnConvex } from './convex.js'
import { organizationFallback, readInitFile, siblingSpecifiers } from './guard/app-files.js'
import { guardPieces, guardWants, type Piece } from './guard/pieces.js'
import { guardNextSteps } from './guard/steps.js'
import { importSpecifierOfFile } from './paths.js'
import { betterAuthApi, startApiFlags } from './versions.js'

/**
 * What `kit-auth add-guard <kind>` changes, as a plan. Each kind is a set of pieces patched into
 * the files `init` generated (never regenerated): a piece whose name the file already declares is
 * skipped, so a second run plans nothing and user edits survive.
 *
 * - admin: admin() + adminClient(), ban check, isAdminUser/isUserAdmin/requireAdmin,
 *   fetchAuthState, requireAdminAuth, adminMiddleware/adminAction/createAdminAction.
 * - organization: organization() + organizationClient(), getAccountContext's active organization,
 *   requireActiveOrganizationId, requireOrganizationAuth, organizationMiddleware/organizationAction.
 * - role:<name>: the admin plugin (it owns `user.role`), roles.ts `hasRole`, the factories
 *   `requireRoleAuth(...roles)` and `roleMiddleware(...roles)` (+ `roleAction`), then per role
 *   `require<Name>Auth` and `<name>Action`. `role:admin` is the admin kind.
 * - permission:<resource>:<action>: the organization kind, `hasOrganizationPermission`,
 *   `fetchHasPermission`, the factories `requirePermissionAuth(permissions)` and
 *   `permissionMiddleware(permissions)`, then `require<Resource><Action>PermissionAuth` and
 *   `<resource><Action>PermissionAction`.
 */
export async function planAddGuard(
  project: ProjectInfo,
  kind: GuardKind,
  options: { install: boolean; changes?: ChangeSet },
): Promise<Plan> {
  const changes = options.changes ?? new ChangeSet(project.root, project.workspaceRoot)
  const lib = (name: string) => path.posix.join(project.srcDirectory, 'lib/auth', name)
  // An app whose own instance and client init adopted keeps them where they are.
  const existing = findExistingAuth(project, changes)
  const plugin = kind.type === 'admin' || kind.type === 'role' ? 'admin' : 'organization'
  refuseOnConvex(existing.convex, `add-guard ${kind.type}`, `the ${plugin} plugin (${plugin}() and ${plugin}Client())`)
  const files = {
    auth: existing.instance?.file ?? lib('auth.ts'),
    authClient: existing.client?.file ?? lib('auth-client.ts'),
    session: lib('session.ts'),
    sessionFunctions: lib('session.functions.ts'),
    guards: lib('guards.ts'),
    actions: lib('action-middleware.ts'),
    roles: lib('roles.ts'),
  }
  // session.ts and action-middleware.ts sit side by side, so one specifier reaches the instance.
  const exportName = existing.instance?.exportName ?? 'auth'
  const authImport = {
    [existing.instance ? importSpecifierOfFile(project, files.actions, files.auth) : './auth']: [
      exportName === 'auth' ? 'auth' : `${exportName} as auth`,
    ],
  }
  for (const file of [files.guards, files.actions]) {
    if (!changes.exists(file)) {
      throw new KitError(
        `${file} does not exist: add-guard patches the guards and action middleware \`kit-auth init\` generates.`,
        'Run `npx kit-auth init` first (or pass --cwd <app>).',
      )
    }
  }

  const roles = kind.type === 'role' ? kind.roles.filter((role) => role !== 'admin') : []
  const wants = guardWants(kind)

  const validator = startApiFlags(project).validator
  // New guards take the file's own GuardOptions when it still declares it.
  const guardNames = boundNames(parseOrRefuse(readInitFile(changes, files.guards), files.guards))
  const optionsType = guardNames.types.has('GuardOptions') ? 'GuardOptions' : 'Parameters<typeof requireAuth>[0]'
  // Guards files from before `authAnswer` keep their two-call guards (no helper to build on).
  const answers = guardNames.values.has('authAnswer') && guardNames.values.has('toSignIn')
  const render = async (template: string, file: string, context: object = {}) =>
    formatCode(
      renderTemplate(`add-guard/${template}.ts.hbs`, { validator, optionsType, answers, ...context }),
      file,
      project.style,
    )

  const added: string[] = []
  const manualSteps: string[] = []
  const pluginsAdded: string[] = []
  const specifierFor = siblingSpecifiers(project)
  // Every code edit goes through the one runner (files that do not parse are refused).
  const edit = <Options, Data>(file: string, transform: Transform<Options, Data>, options: Options) => {
    const result = runTransform(readInitFile(changes, file), file, transform, options, { style: project.style })
    changes.update(file, result.text)
    return result.data
  }
  const append = async (file: string, pieces: Piece[]) => {
    if (pieces.length === 0) return
    const text = readInitFile(changes, file)
    const bound = boundNames(parseOrRefuse(text, file))
    const declarations: Declaration[] = []
    for (const piece of pieces) {
      const declared = bound.values.has(piece.name) || bound.types.has(piece.name)
      if (declared || declarations.some((declaration) => declaration.name === piece.name)) continue
      declarations.push({
        name: piece.name,
        code: await render(piece.template, file, piece.context),
        imports: piece.imports,
        uses: piece.uses,
      })
    }
    const result = edit(file, appendDeclarations, {
      declarations,
      style: project.style,
      specifierFor: (sourceFile, module) => specifierFor(sourceFile, file, module),
    })
    added.push(...(result?.added ?? []))
  }
  // The same plugin insertion init's adoption uses (the cookies plugin kept last).
  const command = 'kit-auth add-guard'
  const cookies = betterAuthApi(project).cookies
  const addPlugin = (name: 'admin' | 'organization', client: string) => {
    const result = edit(files.auth, addPlugins, { plugins: { [name]: true }, cookies, command, style: project.style })
    if (changes.exists(files.authClient))
      edit(files.authClient, addClientPlugins, { plugins: [client], command, style: project.style })
    if (result?.added.includes(name)) pluginsAdded.push(name)
  }

  // --- plugins and session helpers -----------------------------------------------------------
  if (wants.adminPlugin) {
    addPlugin('admin', 'adminClient')
    if (!edit(files.session, addBanCheck, { style: project.style })?.patched)
      manualSteps.push(
        `Treat banned users as anonymous in ${files.session}: the admin plugin's \`user.banned\` is not checked there.`,
      )
  }
  if (wants.organization) {
    addPlugin('organization', 'organizationClient')
    if (!edit(files.session, addActiveOrganization, {})?.patched)
      manualSteps.push(
        `Make getAccountContext() in ${files.session} read \`session.activeOrganizationId\`: kit-auth did not ` +
          `recognise its shape.`,
      )
  }

  // roles.ts holds hasRole, which the role guards and middleware import.
  if (roles.length > 0) {
    if (!changes.exists(files.roles)) {
      changes.create(
        files.roles,
        `${await render('roles/header', files.roles)}\n${await render('roles/hasRole', files.roles)}`,
      )
      added.push('hasRole')
    } else {
      await append(files.roles, [{ name: 'hasRole', template: 'roles/hasRole' }])
    }
  }
  const fallback = wants.organization
    ? await organizationFallback(project, changes, files.session)
    : { path: '/', picker: false }
  const pieces = guardPieces(wants, roles, { answers, authImport, fallback })
  await append(files.session, pieces.session)
  await append(files.sessionFunctions, pieces.sessionFunctions)
  await append(files.guards, pieces.guards)
  await append(files.actions, pieces.actions)

  // --- schema: new plugins bring tables and columns -------------------------------------------
  const tasks: Task[] = []
  if (pluginsAdded.length > 0) {
    const authText = changes.read(files.auth) ?? ''
    const sqlite = /from\s+['"]better-sqlite3['"]/.test(authText)
    const installed = project.installed.includes('better-auth')
    const plugins = `${pluginsAdded.join(' and ')} plugin${pluginsAdded.length > 1 ? 's add' : ' adds'}`
    const why = `the ${plugins} tables and columns`
    if (options.install && sqlite && installed)
      tasks.push(
        migrateTask(project, {
          // an instance in a workspace package is loaded the way the app imports it
          authModule: (existing.instance && project.authPackage?.instance.specifier) || `/${files.auth}`,
          exportName: existing.instance?.exportName,
          migrate: true,
        }),
      )
    else manualSteps.push(`Run \`npx kit-auth migrate\` to update the auth database: ${why}.`)
  }

  return {
    changeSet: changes,
    tasks,
    manualSteps,
    nextSteps: guardNextSteps(project, kind, files),
    data: { kind, added, guards: guardExportNames(kind), actions: actionExportNames(kind), pluginsAdded },
  }
}
