/**
 * `kit-auth add-guard <kind>` on copies of a freshly initialised app (default plugins, and
 * `--no-admin --no-organization`) and on an app whose guards.ts / action-middleware.ts the user
 * edited. Each run's diff per file is snapshotted (__snapshots__/<case>/<file>.diff.snap; the
 * edited guards.ts also in full), AND checked: it parses, every new export is declared exactly
 * once, no import is duplicated, user code survives, a second run changes nothing, --dry-run
 * writes nothing.
 */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionExportNames, guardExportNames, parseGuardKind } from '../../src/routes/guard-kinds.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles } from '../init/support.js'
import {
  addGuard,
  body,
  copyApp,
  declarationCount,
  diffOf,
  documentOf,
  importedModules,
  importedNames,
  initApp,
  LIB,
  read,
  syntaxErrors,
  write,
  type Document,
} from './support.js'

type Base = 'full' | 'bare' | 'edited' | 'edited-bare'

interface Case {
  name: string
  base: Base
  kind: string
  /** Files (under src/lib/auth) the run must create or update, and nothing else. */
  files: string[]
  /** Factories and helpers the kind adds besides its guard and action exports. */
  extra?: Record<string, string[]>
}

const CASES: Case[] = [
  {
    name: 'full-role-editor',
    base: 'full',
    kind: 'role:editor',
    files: ['roles.ts', 'guards.ts', 'action-middleware.ts'],
    extra: {
      'guards.ts': ['requireRoleAuth'],
      'action-middleware.ts': ['roleMiddleware', 'roleAction'],
      'roles.ts': ['hasRole'],
    },
  },
  {
    name: 'full-role-editor-reviewer',
    base: 'full',
    kind: 'role:editor,content-reviewer',
    files: ['roles.ts', 'guards.ts', 'action-middleware.ts'],
  },
  { name: 'full-organization', base: 'full', kind: 'organization', files: ['guards.ts'] },
  {
    name: 'full-permission',
    base: 'full',
    kind: 'permission:project:create',
    files: ['session.ts', 'session.functions.ts', 'guards.ts', 'action-middleware.ts'],
    extra: {
      'session.ts': ['hasOrganizationPermission'],
      'session.functions.ts': ['fetchHasPermission'],
      'guards.ts': ['requirePermissionAuth'],
      'action-middleware.ts': ['permissionMiddleware'],
    },
  },
  {
    name: 'bare-admin',
    base: 'bare',
    kind: 'admin',
    files: ['auth.ts', 'auth-client.ts', 'session.ts', 'session.functions.ts', 'guards.ts', 'action-middleware.ts'],
    extra: {
      'session.ts': ['isAdminUser', 'isUserAdmin', 'requireAdmin'],
      'session.functions.ts': ['fetchAuthState'],
      'action-middleware.ts': ['adminMiddleware', 'createAdminAction'],
    },
  },
  {
    name: 'bare-organization',
    base: 'bare',
    kind: 'organization',
    files: ['auth.ts', 'auth-client.ts', 'session.ts', 'guards.ts', 'action-middleware.ts'],
    extra: { 'session.ts': ['requireActiveOrganizationId'], 'action-middleware.ts': ['organizationMiddleware'] },
  },
  {
    name: 'bare-role-editor',
    base: 'bare',
    kind: 'role:editor',
    // session.ts stays: lockout.ts already treats banned users as locked out
    files: ['auth.ts', 'auth-client.ts', 'roles.ts', 'guards.ts', 'action-middleware.ts'],
  },
  {
    name: 'bare-permission',
    base: 'bare',
    kind: 'permission:project:create',
    files: ['auth.ts', 'auth-client.ts', 'session.ts', 'session.functions.ts', 'guards.ts', 'action-middleware.ts'],
    extra: {
      'guards.ts': ['requireOrganizationAuth'],
      'action-middleware.ts': ['organizationMiddleware', 'organizationAction'],
    },
  },
  {
    name: 'edited-role-editor',
    base: 'edited',
    kind: 'role:editor',
    files: ['roles.ts', 'guards.ts', 'action-middleware.ts'],
  },
  { name: 'edited-organization', base: 'edited', kind: 'organization', files: ['guards.ts'] },
  {
    name: 'edited-permission',
    base: 'edited',
    kind: 'permission:project:create',
    files: ['session.ts', 'session.functions.ts', 'guards.ts', 'action-middleware.ts'],
  },
  {
    name: 'edited-bare-admin',
    base: 'edited-bare',
    kind: 'admin',
    files: ['auth.ts', 'auth-client.ts', 'session.ts', 'session.functions.ts', 'guards.ts', 'action-middleware.ts'],
  },
]

/** What the user did to guards.ts: a comment, their own guard, exports reordered, an alias import. */
const USER_COMMENT = '// Team note: guards gate navigation only; see docs/auth.md.\n'
const USER_GUARD = `
/** Our own guard, added by hand: beta testers only. */
export async function requireBetaAuth(options: GuardOptions) {
  const { session } = await requireAuth(options)
  if (!session.user.email.endsWith('@beta.example')) throw notFound()
  return { session }
}
`
const USER_MIDDLEWARE = `
// Our own: log who calls what.
export const auditMiddleware = createMiddleware({ type: 'function' })
  .middleware([authMiddleware])
  .server(async ({ next, context }) => {
    console.info('call by', context.user.id)
    return next()
  })
`

function editGuards(text: string): string {
  // the session functions through the alias instead of './session.functions'
  let edited = text.replace("from './session.functions'", "from '#/lib/auth/session.functions'")
  if (!edited.includes('notFound'))
    edited = edited.replace(
      "import { redirect } from '@tanstack/react-router'",
      "import { notFound, redirect } from '@tanstack/react-router'",
    )
  // redirectIfAuthenticated moved up, right after the GuardOptions interface
  const redirectBlock = /\n\/\*\* Keeps signed-in users[\s\S]*?\n}\n/.exec(edited)![0]
  edited = edited.replace(redirectBlock, '\n')
  edited = edited.replace(/(interface GuardOptions \{[\s\S]*?\n}\n)/, `$1${redirectBlock}`)
  edited = edited.replace('\n// beforeLoad guards.', `\n${USER_COMMENT}\n// beforeLoad guards.`)
  edited = `${edited.replace(/\n+$/, '\n')}${USER_GUARD}`
  if (edited.indexOf('redirectIfAuthenticated') > edited.indexOf('requireAuth('))
    throw new Error('guards.ts edit did not reorder')
  return edited
}

function editActions(text: string): string {
  let edited = text.replace('// Server-function middleware:', `${USER_COMMENT}\n// Server-function middleware:`)
  // authAction moved to the very end
  const authAction = /\n\/\*\* `authAction\(\)[^\n]*\nexport const authAction = [^\n]*\n/.exec(edited)![0]
  edited = `${edited.replace(authAction, '\n').replace(/\n+$/, '\n')}${USER_MIDDLEWARE}${authAction}`
  return edited
}

const temps: string[] = []
const bases = {} as Record<Base, string>

beforeAll(() => {
  bases.full = initApp()
  bases.bare = initApp(['--no-admin', '--no-organization'])
  bases.edited = copyApp(bases.full)
  bases['edited-bare'] = copyApp(bases.bare)
  for (const base of ['edited', 'edited-bare'] as const) {
    write(bases[base], `${LIB}/guards.ts`, editGuards(read(bases[base], `${LIB}/guards.ts`)))
    write(bases[base], `${LIB}/action-middleware.ts`, editActions(read(bases[base], `${LIB}/action-middleware.ts`)))
  }
  temps.push(...Object.values(bases))
})

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

describe.each(CASES)('add-guard $kind on $base ($name)', (testCase) => {
  let app: string
  let before: Record<string, string>
  let after: Record<string, string>
  let document: Document
  const expected = testCase.files.map((file) => `${LIB}/${file}`).sort()
  const kind = parseGuardKind(testCase.kind)

  beforeAll(() => {
    app = copyApp(bases[testCase.base])
    temps.push(app)
    before = snapshotTree(app)
    const result = addGuard(app, [testCase.kind, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    document = documentOf(result)
    after = snapshotTree(app)
  })

  it('changes exactly the expected files, as reported', () => {
    expect(document.ok).toBe(true)
    expect(document.changes.map((change) => change.path).sort()).toEqual(expected)
    expect(changedFiles(before, after)).toEqual(expected)
  })

  it('matches the reviewed snapshots', async () => {
    for (const file of expected) {
      await expect(diffOf(file, before[file], after[file]!), file).toMatchFileSnapshot(
        `./__snapshots__/${testCase.name}/${file.replace(`${LIB}/`, '')}.diff.snap`,
      )
    }
    if (testCase.base.startsWith('edited')) {
      await expect(after[`${LIB}/guards.ts`]).toMatchFileSnapshot(`./__snapshots__/${testCase.name}/guards.ts.snap`)
    }
  })

  it('writes TypeScript that parses, with no import repeated', () => {
    for (const file of expected) {
      expect(syntaxErrors(file, after[file]!), file).toEqual([])
      const names = importedNames(after[file]!)
      expect(
        names.filter((name, index) => names.indexOf(name) !== index),
        `${file}: names imported twice`,
      ).toEqual([])
      const modules = importedModules(after[file]!)
      expect(
        modules.filter((name, index) => modules.indexOf(name) !== index),
        `${file}: modules imported twice`,
      ).toEqual([])
    }
  })

  it('declares each new export exactly once', () => {
    const wanted: Record<string, string[]> = {
      'guards.ts': guardExportNames(kind),
      'action-middleware.ts': actionExportNames(kind),
    }
    for (const [file, names] of Object.entries(testCase.extra ?? {})) wanted[file] = [...(wanted[file] ?? []), ...names]
    for (const [file, names] of Object.entries(wanted)) {
      for (const name of names) expect(declarationCount(after[`${LIB}/${file}`]!, name), `${file}: ${name}`).toBe(1)
    }
  })

  if (testCase.base.startsWith('edited')) {
    it("keeps the user's edits: only imports grow, code is only appended", () => {
      for (const file of ['guards.ts', 'action-middleware.ts']) {
        const original = before[`${LIB}/${file}`]!
        const patched = after[`${LIB}/${file}`]!
        expect(body(patched).startsWith(body(original)), file).toBe(true)
      }
      const guards = after[`${LIB}/guards.ts`]!
      expect(guards).toContain(USER_COMMENT)
      expect(guards).toContain(USER_GUARD.trim())
      expect(declarationCount(guards, 'requireBetaAuth')).toBe(1)
      // the alias import is extended, not doubled by a './session.functions' one
      expect(guards).not.toContain("from './session.functions'")
      expect(after[`${LIB}/action-middleware.ts`]).toContain(USER_MIDDLEWARE.trim())
    })
  }

  it('changes nothing when run again', () => {
    const again = addGuard(app, [testCase.kind, '--json'])
    expect(again.code, again.stderr).toBe(0)
    expect(documentOf(again).nothingToDo).toBe(true)
    expect(changedFiles(after, snapshotTree(app))).toEqual([])
  })

  it('writes nothing with --dry-run, and reports the same plan', () => {
    const dry = copyApp(bases[testCase.base])
    temps.push(dry)
    const untouched = snapshotTree(dry)
    const result = addGuard(dry, [testCase.kind, '--dry-run', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const planned = documentOf(result)
    expect(planned.dryRun).toBe(true)
    expect(planned.changes.map((change) => change.path).sort()).toEqual(expected)
    expect(changedFiles(untouched, snapshotTree(dry))).toEqual([])
  })
})

describe('requireOrganizationAuth target', () => {
  it('sends users without an active organization to an organization picker route when the app has one', () => {
    const app = copyApp(bases.full)
    temps.push(app)
    write(app, 'src/routes/select-organization.tsx', '')
    expect(addGuard(app, ['organization']).code).toBe(0)
    expect(read(app, `${LIB}/guards.ts`)).toContain("throw redirect({ to: '/select-organization' })")
  })

  it('else to the app home (APP_HOME_PATH), and a rerun says there is nothing to do', () => {
    const app = copyApp(bases.full)
    temps.push(app)
    expect(addGuard(app, ['organization']).code).toBe(0)
    expect(read(app, `${LIB}/guards.ts`)).toContain("throw redirect({ to: '/' })")
    expect(addGuard(app, ['organization']).stdout).toContain('Nothing to do')
  })
})

describe('add-guard admin on an app init gave the admin guard', () => {
  it('is a no-op', () => {
    const app = copyApp(bases.full)
    temps.push(app)
    const untouched = snapshotTree(app)
    const result = addGuard(app, ['admin', '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect(documentOf(result).nothingToDo).toBe(true)
    expect(changedFiles(untouched, snapshotTree(app))).toEqual([])
  })

  it('role:admin is the admin kind (a no-op here too)', () => {
    const app = copyApp(bases.full)
    temps.push(app)
    const result = addGuard(app, ['role:admin', '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect(documentOf(result).nothingToDo).toBe(true)
  })
})

describe('kinds stack up', () => {
  it('role, organization, permission and admin one after another on a bare init: every export once, reruns no-ops', () => {
    const app = copyApp(bases.bare)
    temps.push(app)
    const kinds = ['role:editor', 'organization', 'permission:project:create', 'admin', 'role:editor,publisher']
    for (const kind of kinds) {
      const result = addGuard(app, [kind])
      expect(result.code, `${kind}: ${result.stderr}`).toBe(0)
    }
    const guards = read(app, `${LIB}/guards.ts`)
    const actions = read(app, `${LIB}/action-middleware.ts`)
    for (const name of [
      'requireAuth',
      'requireAdminAuth',
      'requireOrganizationAuth',
      'requireRoleAuth',
      'requireEditorAuth',
      'requirePublisherAuth',
      'requirePermissionAuth',
      'requireProjectCreatePermissionAuth',
    ]) {
      expect(declarationCount(guards, name), name).toBe(1)
    }
    for (const name of [
      'authAction',
      'adminAction',
      'organizationAction',
      'roleMiddleware',
      'roleAction',
      'editorAction',
      'publisherAction',
      'permissionMiddleware',
      'projectCreatePermissionAction',
    ]) {
      expect(declarationCount(actions, name), name).toBe(1)
    }
    for (const file of [
      'auth.ts',
      'auth-client.ts',
      'session.ts',
      'session.functions.ts',
      'guards.ts',
      'action-middleware.ts',
      'roles.ts',
    ]) {
      const text = read(app, `${LIB}/${file}`)
      expect(syntaxErrors(file, text), file).toEqual([])
      const names = importedNames(text)
      expect(
        names.filter((name, index) => names.indexOf(name) !== index),
        file,
      ).toEqual([])
    }
    const auth = read(app, `${LIB}/auth.ts`)
    expect(auth.match(/\badmin\(\)/g)).toHaveLength(1)
    expect(auth.match(/\borganization\(\)/g)).toHaveLength(1)
    // tanstackStartCookies() stays the last plugin
    expect(auth.indexOf('tanstackStartCookies()')).toBeGreaterThan(auth.indexOf('organization()'))
    const snapshot = snapshotTree(app)
    for (const kind of kinds) expect(documentOf(addGuard(app, [kind, '--json'])).nothingToDo, kind).toBe(true)
    expect(changedFiles(snapshot, snapshotTree(app))).toEqual([])
  })
})
