/**
 * Bad kinds are usage errors (exit 2) that name the accepted forms and write nothing; an app
 * without the auth layer is told to run init; the names add-guard gives each kind are the ones
 * `protect --guard` resolves.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionExportNames, guardExportName, guardExportNames, parseGuardKind } from '../../src/routes/guard-kinds.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles } from '../init/support.js'
import { addGuard, documentOf, initApp, LIB, read, write } from './support.js'

const temps: string[] = []
let app: string

beforeAll(() => {
  app = initApp()
  temps.push(app)
})

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

const INVALID = [
  'superuser',
  'Admin',
  'role',
  'role:',
  'role:Editor',
  'role:content editor',
  'role:editor!',
  'role:9editor',
  'role:editor,',
  'role:editor;rm',
  'role:auth',
  'role:organization',
  'role:permission',
  'role:class',
  'role:delete',
  'role:billing-permission',
  'role:editor:extra',
  'permission',
  'permission:project',
  'permission:project:',
  'permission:Project:create',
  'permission:project:create:now',
  'permission:pro ject:create',
]

describe('invalid kinds', () => {
  it.each(INVALID)('%j exits 2, names the accepted forms, changes nothing', (kind) => {
    const before = snapshotTree(app)
    const result = addGuard(app, [kind])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('role:<name>')
    expect(result.stderr).toContain('permission:<resource>:<action>')
    expect(changedFiles(before, snapshotTree(app))).toEqual([])
  })

  it('--json reports the usage error as a document', () => {
    const result = addGuard(app, ['role:Editor', '--json'])
    expect(result.code).toBe(2)
    const document = documentOf(result)
    expect(document.ok).toBe(false)
    expect(document.error?.message).toContain('Editor')
  })

  it('a missing kind is a usage error too', () => {
    const result = addGuard(app, [])
    expect(result.code).toBe(2)
  })
})

describe('apps add-guard cannot patch', () => {
  it('an app without the auth layer is told to run init (exit 1, nothing written)', () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-add-guard-'))
    temps.push(bare)
    cpSync(path.join(FIXTURES_DIR, 'default-npm'), bare, { recursive: true })
    const before = snapshotTree(bare)
    const result = addGuard(bare, ['role:editor'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('kit-auth init')
    expect(changedFiles(before, snapshotTree(bare))).toEqual([])
  })

  it('a guards.ts without requireAuth is refused with the reason, and nothing is written', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-add-guard-'))
    temps.push(copy)
    cpSync(app, copy, { recursive: true })
    write(copy, `${LIB}/guards.ts`, read(copy, `${LIB}/guards.ts`).replaceAll('requireAuth', 'requireSignedIn'))
    const before = snapshotTree(copy)
    const result = addGuard(copy, ['role:editor'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('`requireAuth`')
    expect(changedFiles(before, snapshotTree(copy))).toEqual([])
  })

  it('a guards.ts that does not parse is refused with its location', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-add-guard-'))
    temps.push(copy)
    cpSync(app, copy, { recursive: true })
    write(copy, `${LIB}/guards.ts`, `${read(copy, `${LIB}/guards.ts`)}\nexport const broken = {\n`)
    const before = snapshotTree(copy)
    const result = addGuard(copy, ['role:editor'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/guards\.ts:\d+:\d+ does not parse/)
    expect(changedFiles(before, snapshotTree(copy))).toEqual([])
  })
})

describe('names (shared with protect --guard)', () => {
  it('parses every accepted form', () => {
    expect(parseGuardKind('admin')).toEqual({ type: 'admin' })
    expect(parseGuardKind('organization')).toEqual({ type: 'organization' })
    expect(parseGuardKind('role:editor')).toEqual({ type: 'role', roles: ['editor'] })
    expect(parseGuardKind(' role:editor, reviewer,editor ')).toEqual({ type: 'role', roles: ['editor', 'reviewer'] })
    expect(parseGuardKind('permission:project:create')).toEqual({
      type: 'permission',
      resource: 'project',
      action: 'create',
    })
  })

  it('gives each kind require<PascalName>Auth and a matching action builder', () => {
    expect(guardExportNames(parseGuardKind('role:editor,content-reviewer,billing_admin'))).toEqual([
      'requireEditorAuth',
      'requireContentReviewerAuth',
      'requireBillingAdminAuth',
    ])
    expect(actionExportNames(parseGuardKind('role:editor,content-reviewer'))).toEqual([
      'editorAction',
      'contentReviewerAction',
    ])
    expect(guardExportNames(parseGuardKind('permission:project:create'))).toEqual([
      'requireProjectCreatePermissionAuth',
    ])
    expect(actionExportNames(parseGuardKind('permission:project:create'))).toEqual(['projectCreatePermissionAction'])
  })

  it.each([
    ['auth', 'requireAuth'],
    ['admin', 'requireAdminAuth'],
    ['role:admin', 'requireAdminAuth'],
    ['organization', 'requireOrganizationAuth'],
    ['editor', 'requireEditorAuth'],
    ['role:editor', 'requireEditorAuth'],
    ['content-reviewer', 'requireContentReviewerAuth'],
    ['permission:project:create', 'requireProjectCreatePermissionAuth'],
  ])('protect --guard %s -> %s', (name, expected) => {
    expect(guardExportName(name)).toBe(expected)
  })

  it('protect --guard refuses a list of roles and bad names', () => {
    expect(() => guardExportName('role:editor,reviewer')).toThrow(/one guard/)
    expect(() => guardExportName('Editor')).toThrow(/not a usable role name/)
  })
})
