/**
 * Real, installed copies of the apps in fixtures/ for end-to-end and type-check tests.
 *
 * Installing is slow, so each fixture is installed ONCE into .tmp/fixture-cache/<name>-<hash>
 * (keyed by its manifests, lockfile, the extra auth deps and the Node ABI) and every test gets a
 * full `cp -a` copy of it. The cache also holds the deps our CLI adds (better-sqlite3 compiled),
 * but its package.json / lockfile stay byte-identical to the fixture's.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { requireHeavySet } from './test-sets.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
export const FIXTURES_DIR = path.join(REPO, 'fixtures')
export const CACHE_DIR = path.join(REPO, '.tmp', 'fixture-cache')

/** The deps `kit-auth init` adds, preinstalled in the cache so better-sqlite3 compiles once. Part of the cache key. */
export const EXTRA_DEPS = ['better-auth@1.7.25', 'better-sqlite3@^12', 'nodemailer@^10.6.1', 'resend@^6.38.0'] as const
export const EXTRA_DEV_DEPS = ['@types/better-sqlite3'] as const

/**
 * The extra deps for one fixture: those its app does not declare itself (an app on better-auth 1.3
 * keeps its 1.3), and for a variant its better-auth instead of kit-auth's.
 */
async function extraDeps(name: string, source: string, variant: FixtureVariant): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(fixtureAppDir(name, source), 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
  }
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.devDependencies ?? {}),
  ])
  const packageName = (spec: string) => spec.slice(0, spec.indexOf('@', 1))
  return EXTRA_DEPS.filter(
    (spec) => !declared.has(packageName(spec)) && !(variant.betterAuth && spec.startsWith('better-auth@')),
  )
}

const extraDepsKey = (extra: readonly string[]) => `deps: ${extra.join(' ')}; dev: ${EXTRA_DEV_DEPS.join(' ')}`

const READY = '.ready'
const STALE_LOCK_MS = 15 * 60_000
const POLL_MS = 500

/** Where the app lives inside a fixture copy: `apps/web` in the pnpm workspace, the root otherwise. */
export function fixtureAppDir(name: string, root: string): string {
  return name === 'pnpm-monorepo' || name === 'workspace-auth-package' ? path.join(root, 'apps', 'web') : root
}

export interface FixtureVariant {
  /**
   * An app that already declares this better-auth release: the cached install runs
   * `npm install better-auth@<version>` (saved to package.json and the lockfile, which copies of
   * the variant then carry) instead of adding kit-auth's own better-auth. npm fixtures only.
   */
  betterAuth?: string
}

/** Path of a cached copy of the fixture with its dependencies (and the auth deps) installed. Do not modify it. */
export async function installedFixture(name: string, variant: FixtureVariant = {}): Promise<string> {
  requireHeavySet(`the installed fixture ${name}`)
  const source = path.join(FIXTURES_DIR, name)
  const suffix = variant.betterAuth ? `-better-auth-${variant.betterAuth}` : ''
  const extra = await extraDeps(name, source, variant)
  const target = path.join(CACHE_DIR, `${name}${suffix}-${await fixtureHash(source, extra)}`)
  if (await exists(path.join(target, READY))) return target
  await mkdir(CACHE_DIR, { recursive: true })
  await withLock(`${target}.lock`, async () => {
    if (!(await exists(path.join(target, READY)))) await install(name, source, target, variant, extra)
  })
  return target
}

/**
 * A fresh temp folder holding the fixture (the workspace root for pnpm-monorepo). With `installed`,
 * every node_modules of the cached install is copied in too: a real copy, never links, so the CLI
 * may `npm install` in it without touching the cache. Sources always come from fixtures/ itself.
 */
export async function copyFixture(
  name: string,
  options: { installed?: boolean; variant?: FixtureVariant } = {},
): Promise<string> {
  const source = path.join(FIXTURES_DIR, name)
  const cache = options.installed ? await installedFixture(name, options.variant) : null
  const root = await mkdtemp(path.join(os.tmpdir(), `kit-auth-${name}-`))
  await run('cp', ['-a', `${source}/.`, root], REPO)
  // A variant's manifests are the cached install's (they declare what the variant changed).
  if (cache && options.variant?.betterAuth)
    for (const file of await manifestFiles(source)) await copyFile(path.join(cache, file), path.join(root, file))
  if (cache) {
    for (const dir of await findFiles(cache, (entry) => entry === 'node_modules')) {
      await run('cp', ['-a', path.join(cache, dir), path.join(root, dir)], REPO)
      await refreshHiddenLockfile(path.join(root, dir))
    }
  }
  return root
}

/**
 * npm trusts node_modules/.package-lock.json only when no package folder is newer than it, and the
 * better-sqlite3 addon is copied in after the install: without this, the CLI's `npm install` in the
 * copy reinstalls better-sqlite3 (and, since init allows its build script, compiles it for a minute
 * or more) although the installed one is the same version, built.
 */
async function refreshHiddenLockfile(nodeModules: string): Promise<void> {
  const hidden = path.join(nodeModules, '.package-lock.json')
  if (await exists(hidden)) await utimes(hidden, new Date(), new Date())
}

async function install(
  name: string,
  source: string,
  target: string,
  variant: FixtureVariant,
  extra: readonly string[],
): Promise<void> {
  const partial = `${target}.partial`
  await rm(partial, { recursive: true, force: true })
  await rm(target, { recursive: true, force: true })
  await run('cp', ['-a', source, partial], REPO)

  const started = Date.now()
  const pnpmVersion = await pnpmVersionOf(source)
  if (pnpmVersion && variant.betterAuth) throw new Error(`${name}: better-auth variants are for npm fixtures`)
  if (pnpmVersion) {
    const pnpm = (cwd: string, ...args: string[]) => run('npx', ['-y', `pnpm@${pnpmVersion}`, ...args], cwd)
    const app = fixtureAppDir(name, partial)
    await pnpm(partial, 'install', '--frozen-lockfile', '--prefer-offline')
    // pnpm has no --no-save: add (allowing better-sqlite3's build), then put the manifests back.
    // node_modules keeps the extra packages until the next pnpm install/add in the copy. One add for
    // the dev packages too (each add resolves the whole workspace again): the manifests go back anyway.
    await pnpm(app, 'add', '--prefer-offline', '--allow-build=better-sqlite3', ...extra, ...EXTRA_DEV_DEPS)
    for (const file of await manifestFiles(source)) await copyFile(path.join(source, file), path.join(partial, file))
  } else {
    // A fixture that declares better-sqlite3 itself would compile it in `npm ci` (its prebuilt binary
    // is downloaded from GitHub, out of reach here): install without scripts, run the other
    // packages' scripts, and take the shared build below.
    const scripted = await installScriptPackages(partial)
    if (variant.betterAuth && !scripted.includes('better-sqlite3')) {
      // A release variant starts from the fixture's own install: npm then changes only what the
      // other better-auth needs (the install below adds the extra packages it prunes).
      const base = await installedFixture(name)
      await run('cp', ['-a', path.join(base, 'node_modules'), path.join(partial, 'node_modules')], REPO)
      await refreshHiddenLockfile(path.join(partial, 'node_modules'))
    } else if (scripted.includes('better-sqlite3')) {
      await run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], partial)
      const others = scripted.filter((name) => name !== 'better-sqlite3')
      if (others.length > 0) await run('npm', ['rebuild', ...others], partial)
    } else await run('npm', ['ci', '--no-audit', '--no-fund'], partial)
    const quiet = ['--no-audit', '--no-fund', '--ignore-scripts']
    if (variant.betterAuth) await run('npm', ['install', ...quiet, `better-auth@${variant.betterAuth}`], partial)
    // better-sqlite3 compiles from source (~45 s): compile it once per version and Node ABI,
    // then reuse the addon in every other fixture.
    await run('npm', ['install', '--no-save', ...quiet, ...extra, ...EXTRA_DEV_DEPS], partial)
    await provideSqliteAddon(partial)
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  await writeFile(path.join(partial, READY), `${new Date().toISOString()} ${seconds}s\n`)
  await rename(partial, target)
  process.stderr.write(
    `[fixtures] installed ${name} with ${pnpmVersion ? `pnpm@${pnpmVersion}` : 'npm'} in ${seconds}s -> ${target}\n`,
  )
}

/** The packages of an npm lockfile that have install scripts (`hasInstallScript`), by name. */
async function installScriptPackages(app: string): Promise<string[]> {
  const text = await readFile(path.join(app, 'package-lock.json'), 'utf8').catch(() => '{}')
  const lock = JSON.parse(text) as {
    packages?: Record<string, { hasInstallScript?: boolean }>
  }
  const names = Object.entries(lock.packages ?? {})
    // installed packages only (a workspace's own folders are listed without node_modules/)
    .filter(([key, entry]) => entry.hasInstallScript && key.includes('node_modules/'))
    .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length))
  return [...new Set(names)]
}

/** Puts a compiled better-sqlite3 addon into `app`: copied from the shared build when one exists, else built and shared. */
async function provideSqliteAddon(app: string): Promise<void> {
  const packageDir = path.join(app, 'node_modules', 'better-sqlite3')
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }
  const shared = path.join(
    CACHE_DIR,
    'native',
    `better-sqlite3-${version}-${process.platform}-${process.arch}-abi${process.versions.modules}`,
  )
  const release = path.join(packageDir, 'build', 'Release')
  const copyShared = async () => {
    await mkdir(path.dirname(release), { recursive: true })
    await run('cp', ['-a', shared, release], REPO)
  }
  if (await exists(path.join(shared, 'better_sqlite3.node'))) return copyShared()
  await mkdir(path.dirname(shared), { recursive: true })
  // one compile per version: fixtures installed side by side wait for the first one's build
  await withLock(`${shared}.lock`, async () => {
    if (await exists(path.join(shared, 'better_sqlite3.node'))) return
    await run('npm', ['rebuild', 'better-sqlite3'], app)
    const temp = `${shared}.${process.pid}`
    await run('cp', ['-a', release, temp], REPO)
    await rename(temp, shared)
  })
  if (!(await exists(path.join(release, 'better_sqlite3.node')))) await copyShared()
}

/** sha256 (12 hex) of the fixture's package.json files, lockfile and pnpm-workspace.yaml, the extra deps and the Node ABI. */
async function fixtureHash(source: string, extra: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(
    `${extraDepsKey(extra)}\n${process.platform}-${process.arch}-abi${process.versions.modules}\n`,
  )
  for (const file of await manifestFiles(source))
    hash
      .update(`${file}\n`)
      .update(await readFile(path.join(source, file)))
      .update('\n')
  return hash.digest('hex').slice(0, 12)
}

/** Relative paths of the files that decide what gets installed. */
function manifestFiles(source: string): Promise<string[]> {
  const names = new Set(['package.json', 'package-lock.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'])
  return findFiles(source, (entry) => names.has(entry))
}

/** Relative paths under root whose name matches, sorted; never descends into node_modules. */
async function findFiles(root: string, matches: (name: string) => boolean, dir = ''): Promise<string[]> {
  const found: string[] = []
  for (const entry of (await readdir(path.join(root, dir), { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const rel = path.join(dir, entry.name)
    if (matches(entry.name)) found.push(rel)
    else if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git')
      found.push(...(await findFiles(root, matches, rel)))
  }
  return found
}

/** `10.34.9` from a pnpm-lock.yaml fixture's `"packageManager": "pnpm@10.34.9+sha512..."`, null for npm fixtures. */
async function pnpmVersionOf(source: string): Promise<string | null> {
  if (!(await exists(path.join(source, 'pnpm-lock.yaml')))) return null
  const pkg = JSON.parse(await readFile(path.join(source, 'package.json'), 'utf8')) as { packageManager?: unknown }
  const match = typeof pkg.packageManager === 'string' ? /^pnpm@([^+]+)/.exec(pkg.packageManager) : null
  if (!match?.[1])
    throw new Error(`${source}: pnpm-lock.yaml but no "packageManager": "pnpm@<version>" in package.json`)
  return match[1]
}

/**
 * Runs fn while holding `lock` (a directory: mkdir is atomic), so parallel vitest workers install
 * each fixture once. Waits while another live process holds it; a lock left by a dead process or
 * not refreshed for 15 minutes is taken over.
 */
export async function withLock(lock: string, fn: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      await mkdir(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (await isStale(lock)) await rm(lock, { recursive: true, force: true })
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }
  await writeFile(path.join(lock, 'pid'), String(process.pid))
  const heartbeat = setInterval(() => void utimes(lock, new Date(), new Date()).catch(() => {}), 60_000)
  try {
    await fn()
  } finally {
    clearInterval(heartbeat)
    await rm(lock, { recursive: true, force: true })
  }
}

async function isStale(lock: string): Promise<boolean> {
  const info = await stat(lock).catch(() => null)
  if (!info) return false // just released: retry mkdir
  if (Date.now() - info.mtimeMs > STALE_LOCK_MS) return true
  const pid = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => ''))
  if (!pid) return false // owner has not written its pid yet
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error)
        reject(
          new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd}:\n${stderr.slice(-4000)}`, { cause: error }),
        )
      else resolve()
    })
  })
}
