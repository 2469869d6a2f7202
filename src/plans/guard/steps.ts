import path from 'node:path'
import type { ProjectInfo } from '../../project/types.js'
import { actionExportNames, guardExportNames, type GuardKind } from '../../routes/guard-kinds.js'
import { importSpecifier } from '../paths.js'

/** What to do with the new guards: protect a route, authorize its server functions, give roles, define permissions. */
export function guardNextSteps(
  project: ProjectInfo,
  kind: GuardKind,
  files: { actions: string; auth: string },
): string[] {
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
        ? ", or `createServerFn({ method: 'POST' })" +
          `.middleware([roleAction('${kind.roles.find((role) => role !== 'admin')}')])\``
        : kind.type === 'permission'
          ? `, or \`.middleware([permissionMiddleware({ ${kind.resource}: ['${kind.action}'] })])\``
          : ''
    }.`,
  ]
  if (kind.type === 'role' && kind.roles.some((role) => role !== 'admin')) {
    steps.push(
      'Give a user a role with the admin plugin: ' +
        `\`auth.api.setRole({ body: { userId, role: '${kind.roles[0]}' }, headers })\` (an admin's session) ` +
        'or by setting `user.role`; several roles are comma-separated.',
    )
  }
  if (kind.type === 'permission' && !DEFAULT_STATEMENTS[kind.resource]?.includes(kind.action)) {
    steps.push(
      `Define the permission: pass an access control with \`${kind.resource}: ['${kind.action}']\` ` +
        "(createAccessControl from 'better-auth/plugins/access') and roles granting it to " +
        `organization({ ac, roles }) in ${files.auth}; until then no role has it and the guard answers 404.`,
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
