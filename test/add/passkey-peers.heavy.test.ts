/**
 * `kit-auth add passkey` with real installs through pnpm and Yarn: the install succeeds and
 * @better-auth/passkey resolves the very better-call, @better-auth/utils and @better-fetch/fetch that
 * better-auth resolves (one copy of each; without the overrides pnpm installs better-call 1.4.0 for
 * the passkey package beside better-auth's 1.4.5). CI=true, as the real-installs suite runs them.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { copyFixture as copyInstalled } from '../helpers/fixtures.js'
import { copyFixture } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const PEERS = ['better-call', '@better-auth/utils', '@better-fetch/fetch']

function kitAuth(app: string, args: string[]): string {
  const result = runCli(args, { cwd: app, env: { CI: 'true' } })
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}

/**
 * The folder `name` resolves to from inside `owner` as the app installed it: Node's lookup of a bare
 * specifier, up through the node_modules folders from the owner's real folder (exports aside).
 */
function resolvedFrom(app: string, owner: string, name: string): string {
  let dir = realpathSync(path.join(app, 'node_modules', owner))
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name)
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate)
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`${name} is not resolvable from ${owner}`)
    dir = parent
  }
}

function expectOneCopyEach(app: string): void {
  for (const peer of PEERS)
    expect(resolvedFrom(app, '@better-auth/passkey', peer), peer).toBe(resolvedFrom(app, 'better-auth', peer))
}

describe('add passkey: one copy of each pinned peer', () => {
  it('pnpm-monorepo (pnpm 10.34): overrides in pnpm-workspace.yaml; no better-call of the passkey package’s own pin', async () => {
    const root = await copyInstalled('pnpm-monorepo', { installed: true })
    copies.push(root)
    const app = path.join(root, 'apps/web')
    kitAuth(app, ['init', '--yes'])
    const added = kitAuth(app, ['add', 'passkey'])
    expect(added).toContain('Installing dependencies with pnpm')
    expect(added).toContain('pnpm-workspace.yaml: pnpm overrides for @better-auth/passkey')
    expectOneCopyEach(app)
    // no copy of the release the passkey package pins (without the overrides pnpm installs it for the
    // passkey package: better-call 1.4.0 beside better-auth's); the store may keep other releases the
    // cached install left (its better-auth 1.7.25 and that one's better-call)
    const passkey = JSON.parse(
      readFileSync(
        path.join(realpathSync(path.join(app, 'node_modules/@better-auth/passkey')), 'package.json'),
        'utf8',
      ),
    ) as { peerDependencies: Record<string, string> }
    const pinned = passkey.peerDependencies['better-call']
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    expect(resolvedFrom(app, '@better-auth/passkey', 'better-call')).not.toContain(`better-call@${pinned}_`)
    const store = readdirSync(path.join(root, 'node_modules/.pnpm'))
    expect(store.filter((entry) => entry.startsWith(`better-call@${pinned}_`))).toEqual([])
  }, 900_000)

  it('yarn-berry (Yarn 4.12, node-modules linker): installs with no pins; the passkey package uses better-auth’s copies', () => {
    const app = copyFixture('yarn-berry')
    copies.push(app)
    // the app's one install is add passkey's (it installs what init declared too)
    kitAuth(app, ['init', '--yes', '--no-install'])
    const added = kitAuth(app, ['add', 'passkey'])
    expect(added).toContain('Installing dependencies with yarn')
    expectOneCopyEach(app)
  }, 900_000)

  it('yarn-classic (Yarn 1): installs with no pins; the passkey package uses better-auth’s copies', () => {
    const app = copyFixture('yarn-classic')
    copies.push(app)
    // Yarn 1 enforces engines: @tanstack/react-start 1.169 asks for Node 22.12+, this machine runs Node 20
    // (on which the app builds and runs: the other suites prove it)
    if (Number(process.versions.node.split('.')[0]) < 22)
      writeFileSync(path.join(app, '.yarnrc'), '--ignore-engines true\n')
    // the app's one install is add passkey's (it installs what init declared too)
    kitAuth(app, ['init', '--yes', '--no-install'])
    const added = kitAuth(app, ['add', 'passkey'])
    expect(added).toContain('Installing dependencies with yarn')
    expectOneCopyEach(app)
  }, 900_000)
})
