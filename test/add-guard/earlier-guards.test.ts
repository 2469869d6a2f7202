/**
 * add-guard on a guards.ts an earlier kit-auth wrote (test/add/earlier-kit-auth: no `authAnswer`,
 * no `toSignIn`): the new guards are built on what that file has (requireAuth, then one more
 * server function), and none of the one-round-trip pieces that need the newer helpers is added.
 * On a current init the same kind gets the one-round-trip form.
 */
import { cpSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { addGuard, copyApp, initApp, LIB, read, syntaxErrors } from './support.js'

/** The text of the top-level declaration that starts with `start`, up to the next export. */
function declaration(text: string, start: string): string {
  const from = text.indexOf(start)
  expect(from, start).toBeGreaterThanOrEqual(0)
  const next = text.indexOf('\nexport ', from + start.length)
  return text.slice(from, next === -1 ? undefined : next)
}

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function earlierApp(): string {
  const root = copyApp(path.join(FIXTURES_DIR, 'default-npm'))
  cpSync(path.join(import.meta.dirname, '../add/earlier-kit-auth'), root, { recursive: true })
  temps.push(root)
  return root
}

describe('add-guard permission on an earlier kit-auth app', () => {
  it('builds requirePermissionAuth on requireAuth and fetchHasPermission', () => {
    const app = earlierApp()
    const result = addGuard(app, ['permission:project:create'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const guards = read(app, `${LIB}/guards.ts`)
    const functions = read(app, `${LIB}/session.functions.ts`)
    expect(syntaxErrors('guards.ts', guards)).toEqual([])
    const permission = declaration(guards, 'export function requirePermissionAuth')
    expect(permission).toContain('await requireAuth(options)')
    expect(permission).toContain('await fetchHasPermission({ data: permissions })')
    expect(guards).not.toContain('fetchPermissionState')
    expect(guards).not.toContain('authAnswer')
    expect(functions).not.toContain('fetchPermissionState')
  })
})

describe('add-guard permission and admin on a current init', () => {
  it('asks the server once per guard: fetchPermissionState and fetchAuthState carry the session', () => {
    const app = initApp()
    temps.push(app)
    for (const kind of ['permission:project:create', 'admin']) {
      const result = addGuard(app, [kind])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
    }
    const guards = read(app, `${LIB}/guards.ts`)
    const functions = read(app, `${LIB}/session.functions.ts`)
    const permission = declaration(guards, 'export function requirePermissionAuth')
    expect(permission).toContain('await fetchPermissionState(')
    expect(permission).not.toContain('requireAuth(')
    const admin = declaration(guards, 'export async function requireAdminAuth')
    expect(admin).toContain('fetchAuthState()')
    expect(admin).not.toContain('requireAuth(')
    expect(functions).toMatch(/fetchPermissionState[\s\S]*session: await getSession\(\)/)
    expect(functions).toMatch(/fetchAuthState[\s\S]*session: await getSession\(\)/)
  })
})
