import path from 'node:path'
import ts from '../../lib/typescript.js'
import type { Plan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { formatCode } from '../core/format.js'
import { renderTemplate } from '../core/templates.js'
import type { Task } from '../core/tasks.js'
import { addPlugins } from '../codemods/auth/add-plugins.js'
import { addClientPlugins } from '../codemods/client/add-client-plugins.js'
import { boundNames } from '../codemods/js/bindings.js'
import { stringConstant } from '../codemods/js/unwrap.js'
import { appendDeclarations, type Declaration } from '../codemods/module/append-declarations.js'
import { addActiveOrganization } from '../codemods/session/add-active-organization.js'
import { addBanCheck } from '../codemods/session/add-ban-check.js'
import { parseOrRefuse, runTransform, type Transform } from '../codemods/transform.js'
import { appModulePath } from '../project/modules.js'
import type { ProjectInfo } from '../project/types.js'
import { linkPathOf, routeTable } from '../routes/discover.js'
import { findExistingAuth } from './adopt.js'
import { migrateTask } from './app-tasks.js'
import { actionExportNames, camelCase, guardExportNames, pascalCase, type GuardKind } from '../routes/guard-kinds.js'
import { importSpecifier, importSpecifierOfFile } from './paths.js'
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
  const wants = {
    admin: kind.type === 'admin' || (kind.type === 'role' && kind.roles.includes('admin')),
    adminPlugin: kind.type === 'admin' || kind.type === 'role',
    organization: kind.type === 'organization' || kind.type === 'permission',
    permission: kind.type === 'permission' ? kind : null,
  }

  const validator = startApiFlags(project).validator
  // New guards take the file's own GuardOptions when it still declares it.
  const guardNames = boundNames(parseOrRefuse(read(changes, files.guards), files.guards))
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
    const result = runTransform(read(changes, file), file, transform, options, { style: project.style })
    changes.update(file, result.text)
    return result.data
  }
  const append = async (file: string, pieces: Piece[]) => {
    if (pieces.length === 0) return
    const text = read(changes, file)
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
        `Make getAccountContext() in ${files.session} read \`session.activeOrganizationId\`: kit-auth did not recognise its shape.`,
      )
  }

  const sessionPieces: Piece[] = []
  const sessionFunctionPieces: Piece[] = []
  const guardPieces: Piece[] = []
  const actionPieces: Piece[] = []
  const router = '@tanstack/react-router'
  const start = '@tanstack/react-start'
  // The type the action builders are cast to, so their options cannot replace the middleware.
  const guardedBuilder: Piece = { name: 'Guarded', template: 'action-middleware/Guarded' }

  if (wants.admin) {
    sessionPieces.push(
      { name: 'ADMIN_ROLES', template: 'session/ADMIN_ROLES' },
      { name: 'isAdminUser', template: 'session/isAdminUser', uses: ['AuthUser'] },
      { name: 'isUserAdmin', template: 'session/isUserAdmin', uses: ['getSession'] },
      {
        name: 'requireAdmin',
        template: 'session/requireAdmin',
        imports: { [router]: ['notFound'] },
        uses: ['requireSession'],
      },
    )
    sessionFunctionPieces.push({
      name: 'fetchAuthState',
      template: 'session.functions/fetchAuthState',
      imports: { [start]: ['createServerFn'], './session': ['getSession', 'isUserAdmin'] },
    })
    guardPieces.push({
      name: 'requireAdminAuth',
      template: 'guards/requireAdminAuth',
      imports: { [router]: ['notFound'], './session.functions': ['fetchAuthState'] },
      uses: answers ? ['authAnswer', 'toSignIn'] : ['requireAuth'],
    })
    actionPieces.push(
      {
        name: 'adminMiddleware',
        template: 'action-middleware/adminMiddleware',
        imports: { [start]: ['createMiddleware'], './session': ['isAdminUser'] },
        uses: ['authMiddleware', 'httpError'],
      },
      guardedBuilder,
      {
        name: 'adminAction',
        template: 'action-middleware/adminAction',
        imports: { [start]: ['createServerFn'] },
        uses: ['Guarded'],
      },
      { name: 'createAdminAction', template: 'action-middleware/createAdminAction' },
    )
  }

  if (wants.organization) {
    sessionPieces.push({
      name: 'requireActiveOrganizationId',
      template: 'session/requireActiveOrganizationId',
      imports: { [router]: ['redirect'] },
      uses: ['getAccountContext', 'APP_HOME_PATH'],
    })
    const target = await organizationFallback(project, changes, files.session)
    guardPieces.push({
      name: 'requireOrganizationAuth',
      template: 'guards/requireOrganizationAuth',
      context: { fallbackPath: target.path, picker: target.picker },
      imports: { [router]: ['redirect'] },
      uses: ['requireAuth'],
    })
    actionPieces.push(
      {
        name: 'organizationMiddleware',
        template: 'action-middleware/organizationMiddleware',
        imports: {
          [start]: ['createMiddleware'],
          '@tanstack/react-start/server': ['getRequestHeaders'],
          'better-auth/api': ['APIError'],
          ...authImport,
        },
        uses: ['authMiddleware', 'httpError'],
      },
      guardedBuilder,
      {
        name: 'organizationAction',
        template: 'action-middleware/organizationAction',
        imports: { [start]: ['createServerFn'] },
        uses: ['Guarded'],
      },
    )
  }

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
    guardPieces.push({
      name: 'requireRoleAuth',
      template: 'guards/requireRoleAuth',
      imports: { [router]: ['notFound'], './roles': ['hasRole'] },
      uses: ['requireAuth'],
    })
    actionPieces.push(
      {
        name: 'roleMiddleware',
        template: 'action-middleware/roleMiddleware',
        imports: { [start]: ['createMiddleware'], './roles': ['hasRole'] },
        uses: ['authMiddleware', 'httpError'],
      },
      { name: 'roleAction', template: 'action-middleware/roleAction' },
    )
    for (const role of roles) {
      const guardName = `require${pascalCase(role)}Auth`
      const actionName = `${camelCase(role)}Action`
      guardPieces.push({ name: guardName, template: 'guards/role', context: { role, guardName } })
      actionPieces.push(guardedBuilder, {
        name: actionName,
        template: 'action-middleware/role',
        context: { role, actionName },
        imports: { [start]: ['createServerFn'] },
        uses: ['Guarded'],
      })
    }
  }

  if (wants.permission) {
    const { resource, action } = wants.permission
    const [guardName] = guardExportNames(wants.permission)
    const [actionName] = actionExportNames(wants.permission)
    const context = {
      resource,
      action,
      resourceKey: /^[A-Za-z_$][\w$]*$/.test(resource) ? resource : `'${resource}'`,
      guardName,
      actionName,
    }
    sessionPieces.push({
      name: 'hasOrganizationPermission',
      template: 'session/hasOrganizationPermission',
      imports: { '@tanstack/react-start/server': ['getRequest'], ...authImport, 'better-auth/api': ['APIError'] },
      uses: ['getSession'],
    })
    sessionFunctionPieces.push(
      {
        name: 'fetchHasPermission',
        template: 'session.functions/fetchHasPermission',
        imports: { [start]: ['createServerFn'], './session': ['hasOrganizationPermission'] },
      },
      ...(answers
        ? [
            {
              name: 'fetchPermissionState',
              template: 'session.functions/fetchPermissionState',
              imports: { [start]: ['createServerFn'], './session': ['getSession', 'hasOrganizationPermission'] },
            },
          ]
        : []),
    )
    guardPieces.push(
      {
        name: 'requirePermissionAuth',
        template: 'guards/requirePermissionAuth',
        imports: {
          [router]: ['notFound'],
          './session.functions': [answers ? 'fetchPermissionState' : 'fetchHasPermission'],
        },
        uses: answers ? ['toSignIn'] : ['requireAuth'],
      },
      { name: guardName!, template: 'guards/permission', context },
    )
    actionPieces.push(
      {
        name: 'permissionMiddleware',
        template: 'action-middleware/permissionMiddleware',
        imports: { [start]: ['createMiddleware'], './session': ['hasOrganizationPermission'] },
        uses: ['organizationMiddleware', 'httpError'],
      },
      guardedBuilder,
      {
        name: actionName!,
        template: 'action-middleware/permission',
        context,
        imports: { [start]: ['createServerFn'] },
        uses: ['Guarded'],
      },
    )
  }

  await append(files.session, sessionPieces)
  await append(files.sessionFunctions, sessionFunctionPieces)
  await append(files.guards, guardPieces)
  await append(files.actions, actionPieces)

  // --- schema: new plugins bring tables and columns -------------------------------------------
  const tasks: Task[] = []
  if (pluginsAdded.length > 0) {
    const authText = changes.read(files.auth) ?? ''
    const sqlite = /from\s+['"]better-sqlite3['"]/.test(authText)
    const installed = project.installed.includes('better-auth')
    const why = `the ${pluginsAdded.join(' and ')} plugin${pluginsAdded.length > 1 ? 's add' : ' adds'} tables and columns`
    if (options.install && sqlite && installed)
      tasks.push(
        migrateTask(project, {
          authModule: `/${files.auth}`,
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
    nextSteps: nextSteps(project, kind, files),
    data: { kind, added, guards: guardExportNames(kind), actions: actionExportNames(kind), pluginsAdded },
  }
}

interface Piece {
  name: string
  template: string
  context?: Record<string, unknown>
  imports?: Record<string, string[]>
  uses?: string[]
}

function nextSteps(project: ProjectInfo, kind: GuardKind, files: { actions: string; auth: string }): string[] {
  const guards = guardExportNames(kind)
  const actions = actionExportNames(kind)
  const from = importSpecifier(project, path.posix.join(project.srcDirectory, 'x.ts'), 'lib/auth/action-middleware')
  const protectKind =
    kind.type === 'role'
      ? `role:${kind.roles[0]}`
      : kind.type === 'permission'
        ? `permission:${kind.resource}:${kind.action}`
        : kind.type
  const steps = [
    `Guard a route: \`npx kit-auth protect /some/route --guard ${protectKind}\` (or \`beforeLoad: ${guards[0]}\`).`,
    `Authorize its server functions too (guards gate navigation, not data): \`${actions[0]}()\` from ${from}${
      kind.type === 'role' && kind.roles.some((role) => role !== 'admin')
        ? `, or \`createServerFn({ method: 'POST' }).middleware([roleAction('${kind.roles.find((role) => role !== 'admin')}')])\``
        : kind.type === 'permission'
          ? `, or \`.middleware([permissionMiddleware({ ${kind.resource}: ['${kind.action}'] })])\``
          : ''
    }.`,
  ]
  if (kind.type === 'role' && kind.roles.some((role) => role !== 'admin')) {
    steps.push(
      `Give a user a role with the admin plugin: \`auth.api.setRole({ body: { userId, role: '${kind.roles[0]}' }, headers })\` (an admin's session) or by setting \`user.role\`; several roles are comma-separated.`,
    )
  }
  if (kind.type === 'permission' && !DEFAULT_STATEMENTS[kind.resource]?.includes(kind.action)) {
    steps.push(
      `Define the permission: pass an access control with \`${kind.resource}: ['${kind.action}']\` (createAccessControl from 'better-auth/plugins/access') and roles granting it to organization({ ac, roles }) in ${files.auth}; until then no role has it and the guard answers 404.`,
    )
  }
  return steps
}

/** Better Auth's default organization statements: what the built-in owner/admin/member roles know. */
const DEFAULT_STATEMENTS: Record<string, string[]> = {
  organization: ['update', 'delete'],
  member: ['create', 'update', 'delete'],
  invitation: ['create', 'cancel'],
  team: ['create', 'update', 'delete'],
  ac: ['create', 'read', 'update', 'delete'],
}

/** The file's current text (planned or on disk); a missing file is a KitError naming init. */
function read(changes: ChangeSet, file: string): string {
  const text = changes.read(file)
  if (text === null) {
    throw new KitError(
      `${file} does not exist: add-guard builds on the auth layer \`kit-auth init\` generates.`,
      'Run `npx kit-auth init` first, or restore the file.',
    )
  }
  return text
}

/**
 * Where `requireOrganizationAuth` sends a signed-in user without an active organization: an
 * organization picker route when the app has one (`/select-organization`, `/organizations`,
 * `/orgs/select`...), else the app home (`APP_HOME_PATH` in session.ts, else `/`).
 */
async function organizationFallback(
  project: ProjectInfo,
  changes: ChangeSet,
  sessionFile: string,
): Promise<{ path: string; picker: boolean }> {
  const owner = '(?:organization|org|team|workspace)s?'
  const picker = new RegExp(
    `^(?:(?:select|choose|pick|switch)-(?:an-)?${owner}|${owner}-(?:picker|selector|switcher))$`,
  )
  const routes = routeTable(project).routes
  const candidates = routes
    .filter((route) => route.kind !== 'pathless' && !route.fullPath.includes('$'))
    .map(linkPathOf)
    .filter((fullPath) => {
      const [last = '', before = ''] = fullPath.split('/').filter(Boolean).reverse()
      return (
        picker.test(last) ||
        (/^(?:select|choose|pick|picker|switch)$/.test(last) && new RegExp(`^${owner}$`).test(before)) ||
        /^\/(?:organizations|orgs)$/.test(fullPath)
      )
    })
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
  if (candidates[0]) return { path: candidates[0], picker: true }
  const home = stringConstant(parseOrRefuse(changes.read(sessionFile) ?? '', sessionFile), 'APP_HOME_PATH')
  return { path: home ?? '/', picker: false }
}

/**
 * The specifier a file should use for a sibling module (`./session`): the one its existing
 * imports already use for that file (relative, through an alias, with an extension), else the
 * relative one.
 */
function siblingSpecifiers(project: ProjectInfo) {
  return (sourceFile: ts.SourceFile, file: string, module: string): string => {
    if (!module.startsWith('./')) return module
    const target = path.posix.join(path.posix.dirname(file), module.slice(2))
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
      const specifier = statement.moduleSpecifier.text
      if (appModulePath(project.aliases, file, specifier) === target) return specifier
    }
    return module
  }
}
