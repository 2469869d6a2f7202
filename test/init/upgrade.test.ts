/**
 * `init --upgrade-better-auth` without installs: what moves (resolveUpgrade on the answers npm gave
 * for each scenario of ./upgrade/scenarios.json, recorded by ./upgrade/record.mjs), where it is
 * written (planUpgrade), what init generates for the new release, what the report says, and the
 * CLI's refusals (the fast set's npm refuses, so the registry cannot be asked there).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ChangeSet } from '../../src/core/change-set.js'
import { KitError } from '../../src/core/errors.js'
import { findExistingAuth, foreignPageAt } from '../../src/plans/adopt.js'
import { planInit } from '../../src/plans/init.js'
import type { InitAnswers } from '../../src/plans/init/checks.js'
import { planUpgrade, upgradeAvailable, upgradedProject, upgradeNotes } from '../../src/plans/upgrade.js'
import { betterAuthApi, breakingChangesBetween } from '../../src/plans/versions.js'
import { inspectProject } from '../../src/project/inspect.js'
import type { Registry } from '../../src/project/registry.js'
import { raisedRange, readDeclarations, resolveUpgrade } from '../../src/project/upgrade.js'
import { snapshotTree } from '../helpers/tree.js'
import { copyFixture, init, parseDocument } from './support.js'

interface Scenario {
  root: string
  workspaceRoot: string
  from: string
  files: Record<string, string>
}
const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`./upgrade/${file}`, import.meta.url), 'utf8')) as unknown
const SCENARIOS = read('scenarios.json') as Record<string, Scenario>
const ANSWERS = read('registry-answers.json') as {
  versions: Record<string, string[]>
  peerDependencies: Record<string, Record<string, string>>
}

/** npm's recorded answers; a question npm was not asked fails loudly (rerun record.mjs after changing the scenarios). */
const recorded: Registry = {
  async versions(name, range) {
    const answer = ANSWERS.versions[`${name}@${range}`]
    if (!answer) throw new Error(`not recorded: npm view ${name}@${range} version`)
    return answer
  },
  async peerDependencies(name, version) {
    const answer = ANSWERS.peerDependencies[`${name}@${version}`]
    if (!answer) throw new Error(`not recorded: npm view ${name}@${version} peerDependencies`)
    return answer
  },
}

function scenario(name: string) {
  const { root, workspaceRoot, from, files } = SCENARIOS[name]!
  const changes = ChangeSet.inMemory(root, files, workspaceRoot)
  const declarations = readDeclarations({ root, workspaceRoot }, changes)
  return { changes, resolve: () => resolveUpgrade(declarations, '^1.7.25', from, recorded) }
}

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

describe('resolveUpgrade: what moves with better-auth', () => {
  it('raises the peers better-auth 1.7 needs (drizzle-orm 0.44.7, drizzle-kit ^0.30.5) to their lowest release in range', async () => {
    const { resolve } = scenario('drizzle-app')
    const resolution = await resolve()
    expect(resolution).toMatchObject({ from: '1.4.4', range: '^1.7.25', release: '1.7.29' })
    expect(resolution.moves.map(({ name, from, to, why }) => ({ name, from, to, why }))).toEqual([
      { name: 'better-auth', from: '1.4.4', to: '^1.7.25', why: 'the release kit-auth pins' },
      {
        name: 'drizzle-kit',
        from: '^0.30.5',
        to: '^0.31.4',
        why: 'peer of better-auth 1.7.29: >=0.31.4 || >=1.0.0-beta.1',
      },
      // written exact, as the app pinned it
      {
        name: 'drizzle-orm',
        from: '0.44.7',
        to: '0.45.2',
        why: 'peer of better-auth 1.7.29: ^0.45.2 || >=1.0.0-rc.1 <2.0.0',
      },
    ])
    // @better-auth/utils is no companion (0.x, no 1.7 line, no better-auth peer): left alone
    expect(resolution.moves.map((move) => move.name)).not.toContain('@better-auth/utils')
  })

  it('follows catalog: into pnpm-workspace.yaml, moves a companion to its newest 1.7 release, keeps comments', async () => {
    const { changes, resolve } = scenario('pnpm-catalog')
    const report = planUpgrade(await resolve(), changes)
    expect(report.moved).toEqual([
      expect.objectContaining({
        name: 'better-auth',
        from: '^1.3.34',
        to: '^1.7.25',
        file: '../../pnpm-workspace.yaml',
      }),
      expect.objectContaining({ name: '@better-auth/sso', from: '^1.4.3', to: '^1.7.27', file: 'package.json' }),
      expect.objectContaining({
        name: 'drizzle-orm',
        from: '^0.44.0',
        to: '^0.45.2',
        file: '../../pnpm-workspace.yaml',
      }),
    ])
    expect(changes.read('../../pnpm-workspace.yaml')).toBe(
      'packages:\n  - apps/*\n\n# shared versions\ncatalog:\n  better-auth: ^1.7.25 # auth\n  drizzle-orm: ^0.45.2\n  react: ^19.2.0\n',
    )
    const app = JSON.parse(changes.read('package.json')!) as { dependencies: Record<string, string> }
    expect(app.dependencies).toMatchObject({
      '@better-auth/sso': '^1.7.27',
      'better-auth': 'catalog:',
      'drizzle-orm': 'catalog:',
    })
    // drizzle-kit 0.31.4 at the root already satisfies the peer: the root manifest is not touched
    expect(changes.changes().map((change) => change.path)).toEqual(['../../pnpm-workspace.yaml', 'package.json'])
  })

  it('moves better-auth and its peers where the workspace auth package declares them, and the app’s too', async () => {
    const manifest = (dependencies: Record<string, string>) => JSON.stringify({ name: 'x', dependencies }, null, 2)
    const plan = async (app: Record<string, string>, pkg: Record<string, string>) => {
      const files = {
        'package.json': manifest({ '@repo/auth': 'workspace:*', react: '^19.2.0', ...app }),
        '../../packages/auth/package.json': manifest(pkg),
        '../../package.json': manifest({}),
      }
      const changes = ChangeSet.inMemory('/w/apps/web', files, '/w')
      const authPackage = { dir: '../../packages/auth' } as Parameters<typeof readDeclarations>[0]['authPackage']
      const declarations = readDeclarations({ root: '/w/apps/web', workspaceRoot: '/w', authPackage }, changes)
      const report = planUpgrade(await resolveUpgrade(declarations, '^1.7.25', '1.3.34', recorded), changes)
      const dependencies = (file: string) =>
        (JSON.parse(changes.read(file)!) as { dependencies: Record<string, string> }).dependencies
      return { report, app: dependencies('package.json'), pkg: dependencies('../../packages/auth/package.json') }
    }
    const both = await plan({ 'better-auth': '^1.3.34' }, { 'better-auth': '^1.3.34', 'drizzle-orm': '^0.44.0' })
    expect(both.report.moved.map((move) => `${move.name} ${move.from} -> ${move.to} (${move.file})`)).toEqual([
      'better-auth ^1.3.34 -> ^1.7.25 (package.json)',
      'better-auth ^1.3.34 -> ^1.7.25 (../../packages/auth/package.json)',
      'drizzle-orm ^0.44.0 -> ^0.45.2 (../../packages/auth/package.json)',
    ])
    expect(both.app).toEqual({ '@repo/auth': 'workspace:*', 'better-auth': '^1.7.25', react: '^19.2.0' })
    expect(both.pkg).toEqual({ 'better-auth': '^1.7.25', 'drizzle-orm': '^0.45.2' })
    // each place is checked on its own: the app's drizzle-orm already fits, the package's does not
    const apart = await plan(
      { 'better-auth': '^1.3.34', 'drizzle-orm': '^0.45.2' },
      { 'better-auth': '^1.3.34', 'drizzle-orm': '^0.44.0' },
    )
    expect(apart.app['drizzle-orm']).toBe('^0.45.2')
    expect(apart.pkg['drizzle-orm']).toBe('^0.45.2')
    expect(apart.report.moved.filter((move) => move.name === 'drizzle-orm')).toEqual([
      expect.objectContaining({ from: '^0.44.0', file: '../../packages/auth/package.json' }),
    ])
  })

  it('refuses, naming the file, a better-auth from a catalog it cannot edit (bun’s, in package.json)', async () => {
    const files = {
      'package.json': JSON.stringify({ name: 'web', dependencies: { 'better-auth': 'catalog:' } }),
      '../../package.json': JSON.stringify({ name: 'root', workspaces: { catalog: { 'better-auth': '1.3.34' } } }),
    }
    const changes = ChangeSet.inMemory('/w/apps/web', files, '/w')
    const declarations = readDeclarations({ root: '/w/apps/web', workspaceRoot: '/w' }, changes)
    const error = await resolveUpgrade(declarations, '^1.7.25', '1.3.34', recorded).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).message).toBe(
      'package.json declares better-auth `catalog:` from a catalog kit-auth cannot edit (only pnpm-workspace.yaml ' +
        'catalogs are), so it cannot upgrade this app. Nothing was changed.',
    )
  })

  it('stops, naming what must move and to what, when a peer cannot be raised', async () => {
    const { changes, resolve } = scenario('newer-drizzle')
    const error = await resolve().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).message).toBe(
      'Cannot upgrade better-auth to ^1.7.25 by itself: drizzle-orm ^2.0.0 (package.json) is newer than better-auth 1.7.29 accepts (^0.45.2 || >=1.0.0-rc.1 <2.0.0): move drizzle-orm to ^0.45.2 || >=1.0.0-rc.1 <2.0.0 or stay on better-auth 1.5.6. Nothing was changed.',
    )
    expect((error as KitError).message).not.toContain('\n')
    expect((error as KitError).hint).toContain('without --upgrade-better-auth')
    expect(changes.isEmpty()).toBe(true)
  })

  it('keeps a package Better Auth stopped shipping when its release has no better-auth peer (@better-auth/cli 1.4)', async () => {
    const { resolve } = scenario('dropped-cli')
    expect((await resolve()).moves.map((move) => move.name)).toEqual(['better-auth'])
  })

  it('raisedRange keeps the style of the range it replaces, exact when that would leave the peer range', () => {
    expect(raisedRange('^0.44.7', '0.45.2', '^0.45.2 || >=1.0.0-rc.1 <2.0.0')).toBe('^0.45.2')
    expect(raisedRange('~0.44.7', '0.45.2', '^0.45.2')).toBe('~0.45.2')
    expect(raisedRange('0.44.7', '0.45.2', '^0.45.2')).toBe('0.45.2')
    expect(raisedRange('^1.2.0', '1.3.0', '>=1.3.0 <1.5.0')).toBe('1.3.0')
  })
})

describe('the report and the code init writes for the new release', () => {
  it('lists only the breaking changes the move crosses', () => {
    expect(breakingChangesBetween('1.3.34', '1.7.29').map((change) => change.id)).toEqual([
      'cookies',
      'adapter-type',
      'field-index',
      'migrations',
    ])
    expect(breakingChangesBetween('1.4.4', '1.7.29').map((change) => change.id)).toEqual(['migrations'])
    expect(breakingChangesBetween('1.5.6', '1.7.29')).toEqual([])
  })

  it('better-auth-1-3 with the upgrade: package.json moves, the instance gets tanstackStartCookies, the code and the migration target 1.7', async () => {
    const root = copyFixture('better-auth-1-3')
    copies.push(root)
    const project = await inspectProject(root)
    expect(upgradeAvailable(project)).toBe(true)
    const changes = new ChangeSet(project.root, project.workspaceRoot)
    const resolution = await resolveUpgrade(readDeclarations(project, changes), '^1.7.25', '1.3.34', recorded)
    expect(resolution.moves.map((move) => `${move.name} ${move.from} -> ${move.to}`)).toEqual([
      'better-auth ^1.3.34 -> ^1.7.25',
    ])
    expect(betterAuthApi(upgradedProject(project, resolution))).toMatchObject({
      cookies: { name: 'tanstackStartCookies', from: 'better-auth/tanstack-start' },
      migrationModule: 'better-auth/db/migration',
    })
    const answers: InitAnswers = {
      db: 'sqlite',
      dbPath: './data/auth.db',
      signInPath: '/login',
      signUpPath: '/sign-up',
      admin: true,
      organization: true,
      apiTokens: true,
      emailVerification: true,
      passwordReset: true,
      requireEmailVerification: false,
      layout: true,
    }
    const existing = findExistingAuth(project, changes)
    const adoption = {
      instance: existing.instance,
      handler: existing.handler,
      convex: existing.convex,
      client: existing.client,
      unusableClient: existing.unusableClient,
      signIn: existing.signIn?.file ?? null,
      signUp: foreignPageAt(changes, existing, answers.signUpPath),
    }
    const plan = await planInit(project, answers, { install: false, changes, upgrade: resolution }, adoption)

    const manifest = JSON.parse(changes.read('package.json')!) as { dependencies: Record<string, string> }
    expect(manifest.dependencies['better-auth']).toBe('^1.7.25')
    const auth = changes.read('src/lib/auth.ts')!
    expect(auth).toContain("import { tanstackStartCookies } from 'better-auth/tanstack-start'")
    expect(auth).toMatch(
      /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
    )
    expect(auth).not.toContain('reactStartCookies')
    expect(changes.read('src/lib/auth/api-tokens.ts')).toContain('DBAdapter')
    expect(plan.data?.upgrade).toMatchObject({ from: '1.3.34', to: '^1.7.25', release: '1.7.29' })
    expect(plan.notes).toEqual(
      expect.arrayContaining([
        'Upgraded better-auth 1.3.34 -> ^1.7.25 (installs 1.7.29): better-auth ^1.3.34 -> ^1.7.25 (package.json; the release kit-auth pins).',
        expect.stringMatching(
          /^Breaking changes between better-auth 1\.3\.34 and 1\.7\.29 that kit-auth took care of .*1\.4\.0: the cookies plugin `reactStartCookies` from better-auth\/react-start became `tanstackStartCookies` from better-auth\/tanstack-start \(rewritten in src\/lib\/auth\.ts\);.*1\.5\.0: `getMigrations` moved from better-auth\/db to better-auth\/db\/migration/,
        ),
      ]),
    )
    // the instance note no longer calls the rename an addition
    expect(plan.notes?.find((note) => note.startsWith('Reused your Better Auth instance'))).not.toContain(
      'reactStartCookies',
    )
  })

  it('workspace-auth-package on a plain range: the package moves, and the app declares better-auth with the new range', async () => {
    const root = copyFixture('workspace-auth-package')
    copies.push(root)
    const pkgFile = path.join(root, 'packages/auth/package.json')
    writeFileSync(
      pkgFile,
      readFileSync(pkgFile, 'utf8').replace('"better-auth": "catalog:"', '"better-auth": "^1.3.34"'),
    )
    const project = await inspectProject(path.join(root, 'apps/web'))
    const changes = new ChangeSet(project.root, project.workspaceRoot)
    const resolution = await resolveUpgrade(readDeclarations(project, changes), '^1.7.25', '1.3.34', recorded)
    const answers: InitAnswers = {
      db: 'sqlite',
      dbPath: './data/auth.db',
      signInPath: '/sign-in',
      signUpPath: '/sign-up',
      admin: false,
      organization: false,
      apiTokens: false,
      emailVerification: false,
      passwordReset: false,
      requireEmailVerification: false,
      layout: true,
    }
    const existing = findExistingAuth(project, changes)
    const adoption = {
      instance: existing.instance,
      handler: existing.handler,
      client: existing.client,
      unusableClient: existing.unusableClient,
      signIn: existing.signIn?.file ?? null,
      convex: existing.convex,
      signUp: foreignPageAt(changes, existing, answers.signUpPath),
    }
    await planInit(project, answers, { install: false, changes, upgrade: resolution }, adoption)
    const dependencies = (file: string) =>
      (JSON.parse(changes.read(file)!) as { dependencies: Record<string, string> }).dependencies
    expect(dependencies('../../packages/auth/package.json')['better-auth']).toBe('^1.7.25')
    // one release for both: the app's new declaration is the package's moved range, not the old one
    expect(dependencies('package.json')['better-auth']).toBe('^1.7.25')
  })

  it('upgradeNotes names every move with its file and reason', () => {
    const notes = upgradeNotes(
      {
        from: '1.4.4',
        to: '^1.7.25',
        release: '1.7.29',
        moved: [
          { name: 'better-auth', from: '1.4.4', to: '^1.7.25', file: 'package.json', why: 'the release kit-auth pins' },
          {
            name: 'drizzle-orm',
            from: '0.44.7',
            to: '0.45.2',
            file: 'package.json',
            why: 'peer of better-auth 1.7.29: ^0.45.2',
          },
        ],
        breakingChanges: breakingChangesBetween('1.4.4', '1.7.29'),
      },
      null,
    )
    expect(notes[0]).toBe(
      'Upgraded better-auth 1.4.4 -> ^1.7.25 (installs 1.7.29): better-auth 1.4.4 -> ^1.7.25 (package.json; the release kit-auth pins); drizzle-orm 0.44.7 -> 0.45.2 (package.json; peer of better-auth 1.7.29: ^0.45.2).',
    )
    expect(notes[1]).toContain('1.5.0: `getMigrations` moved')
  })
})

describe('init --upgrade-better-auth on the CLI', () => {
  it('--yes alone never upgrades: better-auth stays ^1.3.34 and reactStartCookies stays', () => {
    const root = copyFixture('better-auth-1-3')
    copies.push(root)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout) as ReturnType<typeof parseDocument> & { upgrade?: unknown }
    expect(document.upgrade).toBeUndefined()
    const after = snapshotTree(root)
    expect(JSON.parse(after['package.json']!).dependencies['better-auth']).toBe('^1.3.34')
    expect(after['src/lib/auth.ts']).toContain("from 'better-auth/react-start'")
  })

  it('when the registry cannot be asked, one line says so, with a hint, exit 1, nothing written', () => {
    const root = copyFixture('better-auth-1-3')
    copies.push(root)
    const before = snapshotTree(root)
    // the fast set's npm refuses every command, `npm view` included
    const result = init(root, ['--yes', '--upgrade-better-auth', '--no-install'])
    expect(result.code).toBe(1)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^✖ Could not ask the npm registry about better-auth@\^1\.7\.25: /)
    expect(lines[1]).toContain('without --upgrade-better-auth')
    expect(snapshotTree(root)).toEqual(before)
  })

  it('the refusal for an app on a too old better-auth points at the flag', () => {
    const root = copyFixture('better-auth-1-3')
    copies.push(root)
    const file = path.join(root, 'package.json')
    const before = snapshotTree(root)
    const manifest = JSON.parse(before['package.json']!) as { dependencies: Record<string, string> }
    manifest.dependencies['better-auth'] = '~1.2.7'
    const text = `${JSON.stringify(manifest, null, 2)}\n`
    rmSync(path.join(root, 'package-lock.json'))
    writeFileSync(file, text)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Run kit-auth init --upgrade-better-auth to move it to ^1.7.25')
  })
})
