/**
 * Plans run on an in-memory tree, without the CLI and without the disk: the text files of a fixture
 * are loaded into a ChangeSet.inMemory, inspection's ProjectInfo is moved to a root that does not
 * exist, and every fs call made while planning is recorded. The planned files must be exactly what
 * `kit-auth init` / `add-guard` wrote when run for real (the reviewed snapshots of test/init,
 * test/adopt and test/add-guard), and the only files read while planning are kit-auth's templates.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { ChangeSet } from '../../src/core/change-set.js'
import { TEMPLATES_DIR } from '../../src/core/templates.js'
import { planAddGuard } from '../../src/plans/add-guard.js'
import { findExistingAuth, foreignPageAt, type Adoption, type ExistingAuth } from '../../src/plans/adopt.js'
import { planInit } from '../../src/plans/init.js'
import type { InitAnswers } from '../../src/plans/init/checks.js'
import { planProtect } from '../../src/plans/protect.js'
import { inspectProject } from '../../src/project/inspect.js'
import type { ProjectInfo } from '../../src/project/types.js'
import { parseGuardKind } from '../../src/routes/guard-kinds.js'
import { diffOf } from '../add-guard/support.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'

/** Every path an fs function was called with while `recording` (the modules under test import node:fs). */
const disk = vi.hoisted(() => {
  const state = { recording: false, touched: [] as string[] }
  const record = (target: unknown) => {
    if (!state.recording) return
    if (typeof target === 'string') state.touched.push(target)
    else if (target instanceof URL) state.touched.push(target.pathname)
    else if (target instanceof Uint8Array) state.touched.push(Buffer.from(target).toString())
  }
  /** The module with each of its functions (not its classes) recording its first argument. */
  const spied = (module: Record<string, unknown>) => {
    const wrapped: Record<string, unknown> = { ...module }
    for (const [name, value] of Object.entries(module)) {
      if (typeof value !== 'function' || /^[A-Z]/.test(name)) continue
      wrapped[name] = (...args: unknown[]) => {
        record(args[0])
        return (value as (...args: unknown[]) => unknown)(...args)
      }
    }
    return { ...wrapped, default: wrapped }
  }
  return { state, spied }
})
// Not a stand-in: every call goes to the real fs; the wrapper only records which paths a plan touched.
vi.mock('node:fs', async (importOriginal) => disk.spied(await importOriginal()))
vi.mock('node:fs/promises', async (importOriginal) => disk.spied(await importOriginal()))

const TEST_DIR = fileURLToPath(new URL('../', import.meta.url))
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

/** A root that does not exist: a plan that reached for the disk there would find nothing. */
const GHOST = path.join(os.tmpdir(), `kit-auth-no-such-app-${process.pid}`, 'app')

/** Every file under `dir` (node_modules skipped), relative path -> text. */
function loadTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = entry.split(path.sep).join('/')
    if (file.split('/').includes('node_modules') || !statSync(path.join(dir, entry)).isFile()) continue
    files[file] = readFileSync(path.join(dir, entry), 'utf8')
  }
  return files
}

/** Inspection of the app folder, moved to GHOST. */
async function inspectAt(dir: string): Promise<ProjectInfo> {
  const project = await inspectProject(dir)
  expect(project.workspaceRoot).toBe(project.root)
  return { ...project, root: GHOST, workspaceRoot: GHOST }
}

/** Runs `plan` recording the fs calls; returns its result and the paths it touched. */
async function recordDisk<T>(plan: () => Promise<T> | T): Promise<{ result: T; touched: string[] }> {
  disk.state.touched = []
  disk.state.recording = true
  try {
    return { result: await plan(), touched: disk.state.touched }
  } finally {
    disk.state.recording = false
  }
}

/** The files a plan writes (creates and updates), path -> content. */
function written(changes: ChangeSet): Record<string, string> {
  return Object.fromEntries(
    changes
      .changes()
      .filter((change) => change.action === 'create' || change.action === 'update')
      .map((change) => [change.path, change.after]),
  )
}

/** The reviewed snapshots of a CLI run: test/<dir>/<file>.snap, path -> content. */
function snapshots(dir: string): Record<string, string> {
  const files = loadTree(path.join(TEST_DIR, dir))
  return Object.fromEntries(Object.entries(files).map(([file, text]) => [file.replace(/\.snap$/, ''), text]))
}

/** As the snapshots show it: the random secret replaced. */
function shown(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([file, text]) => [
      file,
      file === '.env.local' ? text.replace(/^(BETTER_AUTH_SECRET=).*$/m, '$1<random 64 hex>') : text,
    ]),
  )
}

/** `init --yes`'s defaults: every plugin, the layout, a SQLite file. */
const YES: InitAnswers = {
  db: 'sqlite',
  dbPath: './data/auth.db',
  signInPath: '/sign-in',
  signUpPath: '/sign-up',
  admin: true,
  organization: true,
  apiTokens: true,
  emailVerification: true,
  passwordReset: true,
  requireEmailVerification: false,
  layout: true,
}

/** What `init --yes` reuses of what the app has (commands/init-questions.ts askInit, every question answered yes). */
function yesAdoption(changes: ChangeSet, existing: ExistingAuth, answers: InitAnswers): Adoption {
  return {
    instance: existing.instance,
    handler: existing.handler,
    convex: existing.convex,
    client: existing.client,
    unusableClient: existing.unusableClient,
    signIn: existing.signIn?.file ?? foreignPageAt(changes, existing, answers.signInPath),
    signUp: foreignPageAt(changes, existing, answers.signUpPath),
  }
}

/** The fs calls a plan may make: kit-auth's own templates, nothing of the app. */
function expectOnlyTemplates(touched: string[], fixture: string): void {
  expect(touched.length).toBeGreaterThan(0)
  expect(touched.filter((file) => !file.startsWith(TEMPLATES_DIR))).toEqual([])
  expect(touched.some((file) => file.startsWith(GHOST) || file.startsWith(fixture))).toBe(false)
  expect(existsSync(GHOST)).toBe(false)
}

describe('plans on an in-memory tree', () => {
  test('planInit on default-npm writes what `init --yes --no-install` wrote, reading nothing of the app', async () => {
    const fixture = path.join(FIXTURES_DIR, 'default-npm')
    const before = snapshotTree(fixture)
    const project = await inspectAt(fixture)
    const changes = ChangeSet.inMemory(GHOST, loadTree(fixture))
    const { result: plan, touched } = await recordDisk(() => {
      const existing = findExistingAuth(project, changes)
      return planInit(project, YES, { install: false, changes }, yesAdoption(changes, existing, YES))
    })

    expect(plan.changeSet).toBe(changes)
    const files = written(changes)
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'src/lib/auth/auth.ts',
        'src/lib/auth/session.ts',
        'src/lib/auth/guards.ts',
        'src/start.ts',
        'package.json',
      ]),
    )
    expect(JSON.parse(files['package.json']!).dependencies).toMatchObject({
      'better-auth': '^1.7.25',
      'better-sqlite3': '^12.6.2',
    })
    expect(shown(files)).toEqual(snapshots('init/__snapshots__/default-npm'))
    // --no-install: the steps are spelled out, no task runs
    expect(plan.tasks).toEqual([])
    expect(plan.manualSteps?.[0]).toMatch(/^Install the new dependencies: `npm install`/)

    expectOnlyTemplates(touched, fixture)
    expect(snapshotTree(fixture)).toEqual(before)
  })

  test('planInit adopts existing-better-auth’s instance, client and /login page from the in-memory tree', async () => {
    const fixture = path.join(FIXTURES_DIR, 'existing-better-auth')
    const project = await inspectAt(fixture)
    const changes = ChangeSet.inMemory(GHOST, loadTree(fixture))
    const answers = { ...YES, signInPath: '/login' }
    const { result: plan, touched } = await recordDisk(() => {
      const existing = findExistingAuth(project, changes)
      expect(existing.instance).toMatchObject({ file: 'src/lib/auth.ts', exportName: 'auth', hasDatabase: false })
      expect(existing.client).toEqual({ file: 'src/lib/auth-client.ts', exportName: 'authClient' })
      expect(existing.signIn).toEqual({ path: '/login', file: 'src/routes/login.tsx' })
      return planInit(project, answers, { install: false, changes }, yesAdoption(changes, existing, answers))
    })

    expect(shown(written(changes))).toEqual(snapshots('adopt/__snapshots__/existing-better-auth'))
    expect(plan.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Reused your Better Auth instance in src\/lib\/auth\.ts: added/)]),
    )
    expectOnlyTemplates(touched, fixture)
  })

  test('planAddGuard and planProtect on the tree init planned, without writing it', async () => {
    // the app after `init --yes --no-install --no-admin --no-organization`, in memory
    const fixture = path.join(FIXTURES_DIR, 'default-npm')
    const bare = { ...YES, admin: false, organization: false }
    const inited = ChangeSet.inMemory(GHOST, loadTree(fixture))
    const pristine = await inspectAt(fixture)
    await planInit(
      pristine,
      bare,
      { install: false, changes: inited },
      yesAdoption(inited, findExistingAuth(pristine, inited), bare),
    )
    const tree = { ...loadTree(fixture), ...written(inited) }
    // ProjectInfo of that app: inspected from a copy on disk (setup only), then moved to GHOST
    const copy = makeTree(tree)
    temps.push(copy)
    const project = await inspectAt(copy)
    expect(project.betterAuth).toEqual({ file: 'src/lib/auth/auth.ts', exportName: 'auth' })

    const changes = ChangeSet.inMemory(GHOST, tree)
    const { result: plan, touched } = await recordDisk(() =>
      planAddGuard(project, parseGuardKind('admin'), { install: false, changes }),
    )
    const files = written(changes)
    const expected = snapshots('add-guard/__snapshots__/bare-admin')
    expect(Object.keys(files).sort()).toEqual(
      Object.keys(expected)
        .map((file) => `src/lib/auth/${file.replace(/\.diff$/, '')}`)
        .sort(),
    )
    for (const [file, after] of Object.entries(files)) {
      expect(diffOf(file, tree[file], after), file).toBe(expected[`${path.posix.basename(file)}.diff`])
    }
    expect(plan.data).toMatchObject({ guards: ['requireAdminAuth'], pluginsAdded: ['admin'] })
    expectOnlyTemplates(touched, copy)

    // protect reads guards.ts and the route through the same kind of tree; it renders no template
    const protectTree = ChangeSet.inMemory(GHOST, { ...tree, ...files })
    const protect = await recordDisk(() =>
      planProtect(project, { routes: ['/about'], guard: 'admin', force: false }, undefined, protectTree),
    )
    expect(protect.touched).toEqual([])
    expect(protect.result.outcomes.map(({ file, status, guard }) => ({ file, status, guard }))).toEqual([
      { file: 'src/routes/about.tsx', status: 'added', guard: 'requireAdminAuth' },
    ])
    const about = written(protectTree)['src/routes/about.tsx']!
    expect(about).toContain("import { requireAdminAuth } from '#/lib/auth/guards'")
    expect(about).toContain('beforeLoad: requireAdminAuth,')
    expect(existsSync(GHOST)).toBe(false)
  })

  test('the in-memory tree is the whole app: a file only on disk does not exist for the plan', async () => {
    // guards.ts on disk, not in the tree: add-guard says to run init first, as on an app without it
    const root = makeTree({ 'src/lib/auth/guards.ts': 'export function requireAuth() {}\n' })
    temps.push(root)
    const project = { ...(await inspectAt(path.join(FIXTURES_DIR, 'default-npm'))), root }
    const changes = ChangeSet.inMemory(root, loadTree(path.join(FIXTURES_DIR, 'default-npm')))
    await expect(planAddGuard(project, parseGuardKind('admin'), { install: false, changes })).rejects.toThrow(
      /guards\.ts does not exist: add-guard patches/,
    )
  })
})
