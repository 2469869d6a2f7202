import { UsageError } from '../core/errors.js'

/**
 * The guard kinds `kit-auth add-guard <kind>` understands, and the names of what each adds.
 * `protect --guard <name>` resolves its guard through `guardExportName` so both commands agree.
 */
export type GuardKind =
  | { type: 'admin' }
  | { type: 'organization' }
  /** One guard per role (`role:editor,reviewer`); `admin` among them means the admin kind. */
  | { type: 'role'; roles: string[] }
  | { type: 'permission'; resource: string; action: string }

/** The accepted forms, for usage errors and help. */
export const GUARD_KIND_FORMS =
  'admin, organization, role:<name>[,<name>...] (lower-case, e.g. role:editor or role:editor,reviewer), ' +
  'permission:<resource>:<action> (e.g. permission:project:create)'

/** A lower-case identifier, words joined by `-` or `_`: `editor`, `content-editor`, `billing_admin`. */
const NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/

/** Role names whose generated names would clash with kit-auth's own guards and helpers. */
const KIT_RESERVED = new Set(['auth', 'organization', 'role', 'permission'])

/** ECMAScript reserved words (strict mode included): refused so no generated identifier is ever one. */
const JS_RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield ' +
    'implements interface let package private protected public static await arguments eval undefined'
  ).split(' '),
)

/**
 * Parses `admin`, `organization`, `role:<name>[,<name>...]` or `permission:<resource>:<action>`.
 * Throws a UsageError (exit 2) naming the accepted forms for anything else.
 *
 * @example parseGuardKind('role:editor') // { type: 'role', roles: ['editor'] }
 */
export function parseGuardKind(input: string | undefined): GuardKind {
  const raw = (input ?? '').trim()
  const fail = (why: string): never => {
    throw new UsageError(`${why}`, `Accepted kinds: ${GUARD_KIND_FORMS}.`, { kind: raw })
  }
  if (raw === '') fail('add-guard needs a kind.')
  if (raw === 'admin') return { type: 'admin' }
  if (raw === 'organization') return { type: 'organization' }
  const [head, ...rest] = raw.split(':')
  if (head === 'role') {
    if (rest.length !== 1 || rest[0] === '') fail(`"${raw}" is not a role guard: write role:<name>, e.g. role:editor.`)
    const names = rest[0]!.split(',').map((name) => name.trim())
    const roles: string[] = []
    for (const name of names) {
      checkRoleName(name, raw, fail)
      if (!roles.includes(name)) roles.push(name)
    }
    return { type: 'role', roles }
  }
  if (head === 'permission') {
    const [resource, action] = rest
    if (rest.length !== 2 || !resource || !action)
      fail(`"${raw}" is not a permission guard: write permission:<resource>:<action>, e.g. permission:project:create.`)
    for (const [label, value] of [
      ['resource', resource],
      ['action', action],
    ] as const) {
      if (!NAME.test(value!))
        fail(
          `"${value}" is not a usable permission ${label} (in "${raw}"): use a lower-case identifier such as ` +
            `project or create.`,
        )
    }
    return { type: 'permission', resource: resource!, action: action! }
  }
  return fail(`"${raw}" is not a guard kind kit-auth knows.`)
}

function checkRoleName(name: string, raw: string, fail: (why: string) => never): void {
  if (!NAME.test(name))
    fail(
      `"${name}" is not a usable role name (in "${raw}"): use a lower-case identifier such as editor or ` +
        `content-editor (letters, digits, - and _).`,
    )
  if (KIT_RESERVED.has(name))
    fail(`"${name}" is reserved (in "${raw}"): kit-auth names its own ${name} guard that way; pick another role name.`)
  if (JS_RESERVED.has(name)) fail(`"${name}" is a reserved word (in "${raw}"); pick another role name.`)
  if (/[-_]permission$/.test(name))
    fail(`"${name}" is reserved (in "${raw}"): names ending in -permission belong to permission guards.`)
}

/** `content-editor` -> `ContentEditor`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** `content-editor` -> `contentEditor`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name)
  return pascal.charAt(0).toLowerCase() + pascal.slice(1)
}

/** The part between `require` and `Auth` for one role, or for a permission: `Editor`, `ProjectCreatePermission`. */
function roleStem(role: string): string {
  return pascalCase(role)
}

function permissionStem(resource: string, action: string): string {
  return `${pascalCase(resource)}${pascalCase(action)}Permission`
}

/** The `beforeLoad` guards a kind gives `guards.ts`: `['requireEditorAuth']`. */
export function guardExportNames(kind: GuardKind): string[] {
  switch (kind.type) {
    case 'admin':
      return ['requireAdminAuth']
    case 'organization':
      return ['requireOrganizationAuth']
    case 'role':
      return kind.roles.map((role) => `require${roleStem(role)}Auth`)
    case 'permission':
      return [`require${permissionStem(kind.resource, kind.action)}Auth`]
  }
}

/** The server-function builders a kind gives `action-middleware.ts`: `['editorAction']`. */
export function actionExportNames(kind: GuardKind): string[] {
  switch (kind.type) {
    case 'admin':
      return ['adminAction']
    case 'organization':
      return ['organizationAction']
    case 'role':
      return kind.roles.map((role) => (role === 'admin' ? 'adminAction' : `${camelCase(role)}Action`))
    case 'permission':
      return [`${camelCase(permissionStem(kind.resource, kind.action))}Action`]
  }
}

/**
 * The guard export `protect --guard <name>` attaches: `auth` -> `requireAuth`; `admin` ->
 * `requireAdminAuth`; `organization` -> `requireOrganizationAuth`; `editor` or `role:editor` ->
 * `requireEditorAuth`; `permission:project:create` -> `requireProjectCreatePermissionAuth`.
 * Throws the same UsageError as add-guard for anything else.
 */
export function guardExportName(name: string): string {
  const raw = name.trim()
  if (raw === 'auth') return 'requireAuth'
  const kind = parseGuardKind(raw.includes(':') || raw === 'admin' || raw === 'organization' ? raw : `role:${raw}`)
  const names = guardExportNames(kind)
  if (names.length !== 1)
    throw new UsageError(
      `--guard takes one guard, not "${raw}".`,
      'Protect with one role at a time, e.g. --guard role:editor.',
    )
  return names[0]!
}
