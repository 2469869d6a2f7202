import { actionExportNames, camelCase, guardExportNames, pascalCase, type GuardKind } from '../../routes/guard-kinds.js'

/** A declaration add-guard appends to one of init's files unless the file already declares its name. */
export interface Piece {
  name: string
  /** templates/add-guard/<template>.ts.hbs */
  template: string
  context?: Record<string, unknown>
  imports?: Record<string, string[]>
  uses?: string[]
}

/** Which groups of pieces a guard kind needs. */
export interface GuardWants {
  admin: boolean
  adminPlugin: boolean
  organization: boolean
  permission: Extract<GuardKind, { type: 'permission' }> | null
}

/** The guard kind's groups: admin (with `role:admin`), the admin plugin (any role), organization (any permission). */
export function guardWants(kind: GuardKind): GuardWants {
  return {
    admin: kind.type === 'admin' || (kind.type === 'role' && kind.roles.includes('admin')),
    adminPlugin: kind.type === 'admin' || kind.type === 'role',
    organization: kind.type === 'organization' || kind.type === 'permission',
    permission: kind.type === 'permission' ? kind : null,
  }
}

/**
 * The declarations a guard kind adds to session.ts, session.functions.ts, guards.ts and
 * action-middleware.ts, in the order they are appended. `answers`: the guards file builds on
 * `authAnswer`/`toSignIn` (older ones keep their two-call guards).
 */
export function guardPieces(
  wants: GuardWants,
  roles: string[],
  setup: {
    answers: boolean
    authImport: Record<string, string[]>
    /** Where requireOrganizationAuth sends a user without an active organization. */
    fallback: { path: string; picker: boolean }
  },
): { session: Piece[]; sessionFunctions: Piece[]; guards: Piece[]; actions: Piece[] } {
  const { answers, authImport, fallback } = setup
  const session: Piece[] = []
  const sessionFunctions: Piece[] = []
  const guards: Piece[] = []
  const actions: Piece[] = []
  const router = '@tanstack/react-router'
  const start = '@tanstack/react-start'
  // The type the action builders are cast to, so their options cannot replace the middleware.
  const guardedBuilder: Piece = { name: 'Guarded', template: 'action-middleware/Guarded' }

  if (wants.admin) {
    session.push(
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
    sessionFunctions.push({
      name: 'fetchAuthState',
      template: 'session.functions/fetchAuthState',
      imports: { [start]: ['createServerFn'], './session': ['getSession', 'isUserAdmin'] },
    })
    guards.push({
      name: 'requireAdminAuth',
      template: 'guards/requireAdminAuth',
      imports: { [router]: ['notFound'], './session.functions': ['fetchAuthState'] },
      uses: answers ? ['authAnswer', 'toSignIn'] : ['requireAuth'],
    })
    actions.push(
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
    session.push({
      name: 'requireActiveOrganizationId',
      template: 'session/requireActiveOrganizationId',
      imports: { [router]: ['redirect'] },
      uses: ['getAccountContext', 'APP_HOME_PATH'],
    })
    guards.push({
      name: 'requireOrganizationAuth',
      template: 'guards/requireOrganizationAuth',
      context: { fallbackPath: fallback.path, picker: fallback.picker },
      imports: { [router]: ['redirect'] },
      uses: ['requireAuth'],
    })
    actions.push(
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
    guards.push({
      name: 'requireRoleAuth',
      template: 'guards/requireRoleAuth',
      imports: { [router]: ['notFound'], './roles': ['hasRole'] },
      uses: ['requireAuth'],
    })
    actions.push(
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
      guards.push({ name: guardName, template: 'guards/role', context: { role, guardName } })
      actions.push(guardedBuilder, {
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
    session.push({
      name: 'hasOrganizationPermission',
      template: 'session/hasOrganizationPermission',
      imports: { '@tanstack/react-start/server': ['getRequest'], ...authImport, 'better-auth/api': ['APIError'] },
      uses: ['getSession'],
    })
    sessionFunctions.push(
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
    guards.push(
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
    actions.push(
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
  return { session, sessionFunctions, guards, actions }
}
