/**
 * `kit-auth add passkey` pins @better-auth/passkey's exact peers (better-call, @better-auth/utils,
 * @better-fetch/fetch) to the versions the installed better-auth depends on, the way each package
 * manager reads it: pnpm overrides in pnpm-workspace.yaml (pnpm 10+ keeps its settings there) or in
 * package.json's `pnpm.overrides`; Yarn installs no peers and gets nothing pinned (Plug'n'Play: a
 * step saying what to declare). test/add/passkey-peers.heavy.test.ts installs for real.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseYaml } from '../../src/project/yaml.js'
import { runCli, type CliResult } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function cli(cwd: string, args: string[]): CliResult {
  return runCli([...args, '--no-install', '--cwd', cwd])
}

/** The fixture initialised in `app` (a folder inside it for a workspace), better-auth 1.7.25's manifest where it installs. */
function initialised(fixture: string, app = '.', args: string[] = []): { root: string; app: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-peers-${fixture}-`))
  cpSync(path.join(FIXTURES_DIR, fixture), root, { recursive: true })
  temps.push(root)
  const dir = path.join(root, app)
  const result = cli(dir, ['init', '--yes', ...args])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  mkdirSync(path.join(dir, 'node_modules/better-auth'), { recursive: true })
  writeFileSync(path.join(dir, 'node_modules/better-auth/package.json'), JSON.stringify(BETTER_AUTH_1_7))
  return { root, app: dir }
}

const BETTER_AUTH_1_7 = {
  name: 'better-auth',
  version: '1.7.25',
  dependencies: { 'better-call': '1.4.5', '@better-auth/utils': '0.5.1', '@better-fetch/fetch': '1.3.3' },
}
const PNPM_PINS = {
  '@better-auth/passkey>better-call': '1.4.5',
  '@better-auth/passkey>@better-auth/utils': '0.5.1',
  '@better-auth/passkey>@better-fetch/fetch': '1.3.3',
}

interface AddDocument {
  changes: { path: string; action: string }[]
  notes?: string[]
  nextSteps: string[]
}

function addPasskey(app: string, args: string[] = []): AddDocument {
  const result = cli(app, ['add', 'passkey', '--json', ...args])
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as AddDocument
}

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>

describe('add passkey pins the peers for pnpm', () => {
  it('pnpm-monorepo (pnpm 10, settings in pnpm-workspace.yaml): overrides there, kept on a second run', () => {
    const { root, app } = initialised('pnpm-monorepo', 'apps/web')
    const yamlBefore = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8')
    const document = addPasskey(app)
    const yamlText = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8')
    // appended: the catalog, allowBuilds and comments stay as they were
    expect(yamlText.startsWith(yamlBefore.trimEnd())).toBe(true)
    const yaml = parseYaml(yamlText) as { overrides: Record<string, string>; catalog: Record<string, string> }
    expect(yaml.overrides).toEqual(PNPM_PINS)
    expect(json(path.join(root, 'package.json')).pnpm?.overrides).toBeUndefined()
    expect(json(path.join(root, 'package.json')).overrides).toBeUndefined()
    expect(document.changes).toContainEqual({ path: '../../pnpm-workspace.yaml', action: 'update' })
    expect(document.notes).toContain(
      "../../pnpm-workspace.yaml: pnpm overrides for @better-auth/passkey's exact peer pins (better-call 1.4.5, @better-auth/utils 0.5.1, @better-fetch/fetch 1.3.3, what better-auth itself uses).",
    )
    const tree = snapshotTree(root)
    addPasskey(app)
    expect(snapshotTree(root)).toEqual(tree)
  })

  it('an override of the app’s own is kept; only the missing selectors are added', () => {
    const { root, app } = initialised('pnpm-monorepo', 'apps/web')
    const file = path.join(root, 'pnpm-workspace.yaml')
    writeFileSync(
      file,
      `${readFileSync(file, 'utf8')}\n# ours\noverrides:\n  '@better-auth/passkey>better-call': 1.4.4\n  lodash: 4.17.21\n`,
    )
    addPasskey(app)
    const yaml = parseYaml(readFileSync(file, 'utf8')) as { overrides: Record<string, string> }
    expect(yaml.overrides).toEqual({ ...PNPM_PINS, '@better-auth/passkey>better-call': '1.4.4', lodash: '4.17.21' })
    expect(readFileSync(file, 'utf8')).toContain('# ours\n')
  })

  it('a pnpm app without pnpm-workspace.yaml: package.json `pnpm.overrides`, beside its other pnpm settings', () => {
    const { app } = initialised('default-npm', '.', ['--package-manager', 'pnpm'])
    addPasskey(app, ['--package-manager', 'pnpm'])
    const manifest = json(path.join(app, 'package.json'))
    expect(manifest.pnpm.overrides).toEqual(PNPM_PINS)
    expect(manifest.pnpm.onlyBuiltDependencies).toEqual(expect.arrayContaining(['esbuild', 'lightningcss']))
    expect(manifest.overrides).toBeUndefined()
  })
})

describe('add passkey on Yarn pins nothing', () => {
  for (const fixture of ['yarn-classic', 'yarn-berry']) {
    it(`${fixture}: no resolutions or overrides (Yarn installs no peers), no Plug'n'Play step with node-modules`, () => {
      const { app } = initialised(fixture)
      const before = json(path.join(app, 'package.json'))
      const document = addPasskey(app)
      const manifest = json(path.join(app, 'package.json'))
      expect(manifest.dependencies['@better-auth/passkey']).toBe('>=1.7.0 <=1.7.25')
      expect(manifest.resolutions).toEqual(before.resolutions)
      expect(manifest.overrides).toBeUndefined()
      expect(manifest.pnpm).toEqual(before.pnpm)
      expect(document.nextSteps.join('\n')).not.toContain("Plug'n'Play")
    })
  }

  it('yarn berry with Plug’n’Play: a step naming the peers to declare', () => {
    const { app } = initialised('yarn-berry')
    writeFileSync(path.join(app, '.yarnrc.yml'), 'enableTelemetry: false\n')
    const document = addPasskey(app)
    expect(document.nextSteps).toContain(
      "Yarn Plug'n'Play gives @better-auth/passkey only the peers your app declares: add better-call, @better-auth/utils, @better-fetch/fetch and @better-auth/core to your dependencies at the versions better-auth uses (or set `nodeLinker: node-modules`).",
    )
  })
})
