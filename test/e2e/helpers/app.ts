/**
 * The app under test: a real fixture copy taken through `kit-auth init --yes`, plus the test-only
 * routes and server functions in test/e2e/overlay (they only USE the generated helpers), built
 * with `vite build` and served by srvx the way a host would run it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { appEnv } from '../../helpers/app-server.js'
import { runCli } from '../../helpers/cli.js'
import { copyFixture } from '../../helpers/fixtures.js'

const OVERLAY = fileURLToPath(new URL('../overlay', import.meta.url))

export interface PreparedApp {
  /** The app folder (a temp copy; removed by `cleanup`). */
  dir: string
  /** How long each setup step took, for the report. */
  timings: Record<string, number>
  cleanup(): Promise<void>
}

/**
 * Copy the fixture, `kit-auth init --yes`, add the test-only files, build. `betterAuth`: start from
 * an app that already declares that better-auth release (KIT_AUTH_E2E_BETTER_AUTH sets it for
 * app.heavy.test.ts, to run the whole suite on another release). `initArgs`: more `init` flags; `add`:
 * `kit-auth add` runs after init (`[['two-factor']]`), each followed by `tsc --noEmit` and `vite build`
 * with `checkEachAdd` (a number: only the first that many, the others being checked together by the
 * app's own build and the caller's `tsc`). `beforeBuild` edits the app (as its developer would) before
 * that build.
 */
export async function prepareApp(
  options: {
    betterAuth?: string
    initArgs?: string[]
    add?: string[][]
    checkEachAdd?: boolean | number
    beforeBuild?: (dir: string) => Promise<void>
    /** More environment for `kit-auth init` (DATABASE_URL: init migrates that Postgres). */
    env?: Record<string, string>
    /** More test-only files (path in the app -> text), written with the overlay before the build. */
    files?: Record<string, string>
  } = {},
): Promise<PreparedApp> {
  const timings: Record<string, number> = {}
  const step = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const started = Date.now()
    try {
      return await fn()
    } finally {
      timings[name] = Date.now() - started
    }
  }

  const dir = await step('copy fixture', () =>
    copyFixture('default-npm', { installed: true, variant: { betterAuth: options.betterAuth } }),
  )
  const cleanup = () => rm(dir, { recursive: true, force: true })
  try {
    await step('kit-auth init --yes', () => {
      const init = runCli(['init', '--yes', '--cwd', dir, ...(options.initArgs ?? [])], {
        env: { CI: 'true', ...options.env },
      })
      if (init.code !== 0) throw new Error(`kit-auth init failed (${init.code}):\n${init.stdout}\n${init.stderr}`)
    })
    // `add`: `kit-auth add <args>` runs after init, each as a user would (install and migration included).
    const adds = options.add ?? []
    // after the last add, the build below and the caller's tsc check the app (the test-only files only add files)
    const checked = Math.min(options.checkEachAdd === true ? Infinity : options.checkEachAdd || 0, adds.length - 1)
    for (const [index, args] of adds.entries()) {
      await step(`kit-auth add ${args.join(' ')}`, () => {
        const add = runCli(['add', ...args, '--cwd', dir], { env: { CI: 'true' } })
        if (add.code !== 0)
          throw new Error(`kit-auth add ${args.join(' ')} failed (${add.code}):\n${add.stdout}\n${add.stderr}`)
      })
      // `checkEachAdd`: the app type-checks and builds after each one, not only after all of them
      if (index < checked)
        await step(`tsc and vite build after add ${args.join(' ')}`, async () => {
          await inApp(dir, process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '--noEmit'])
          await inApp(dir, process.execPath, [path.join(dir, 'node_modules/vite/bin/vite.js'), 'build'])
        })
    }
    await step('add test-only files', async () => {
      await cp(OVERLAY, dir, { recursive: true })
      for (const [file, text] of Object.entries(options.files ?? {})) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
        await writeFile(path.join(dir, file), text)
      }
      await addNavLinks(dir)
    })
    const { beforeBuild } = options
    if (beforeBuild) await step('edit before the build', () => beforeBuild(dir))
    // Proving the suite bites: KIT_AUTH_E2E_MUTATE=<script.mjs> runs that script in the app (cwd) after
    // init, to break one generated behaviour on purpose; the matching tests must then fail.
    const mutate = process.env.KIT_AUTH_E2E_MUTATE
    if (mutate) await step('mutate', () => inApp(dir, process.execPath, [path.resolve(mutate)]))
    await step('vite build', () =>
      inApp(dir, process.execPath, [path.join(dir, 'node_modules/vite/bin/vite.js'), 'build']),
    )
    return { dir, timings, cleanup }
  } catch (error) {
    await cleanup()
    throw error
  }
}

/** Test-only links in the fixture's header, for client-side navigation in the browser. */
async function addNavLinks(dir: string): Promise<void> {
  const file = path.join(dir, 'src/components/Header.tsx')
  const source = await readFile(file, 'utf8')
  const anchor = '          <a\n            href="https://tanstack.com/start/latest/docs/framework/react/overview"'
  if (!source.includes(anchor)) throw new Error('Header.tsx changed: cannot add the test-only links')
  const links = [
    '          <Link to="/account" data-testid="nav-account" className="nav-link">',
    '            Account',
    '          </Link>',
    '          <Link to="/dashboard" data-testid="nav-dashboard" className="nav-link">',
    '            Dashboard',
    '          </Link>',
    '          <Link to="/admin" data-testid="nav-admin" className="nav-link">',
    '            Admin',
    '          </Link>',
    '          <Link to="/staff" data-testid="nav-staff" className="nav-link">',
    '            Staff',
    '          </Link>',
    '',
  ].join('\n')
  await writeFile(file, source.replace(anchor, links + anchor))
}

/** Runs a command in the app; rejects with its output on failure. */
export function inApp(dir: string, file: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: dir, env: { ...process.env, CI: 'true', NODE_ENV: 'production', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${path.basename(file)} ${args.join(' ')} failed:\n${stdout}\n${stderr}`, { cause: error }))
        else resolve(stdout)
      },
    )
  })
}

/** The app's own better-sqlite3 (a native module built for this Node), opened on its DB. */
export function openDatabase(dir: string, dbPath: string) {
  const require = createRequire(path.join(dir, 'package.json'))
  const Database = require('better-sqlite3') as new (file: string) => {
    prepare(sql: string): {
      run(...params: unknown[]): { changes: number }
      get(...params: unknown[]): unknown
      all(...params: unknown[]): unknown[]
    }
    close(): void
  }
  return new Database(dbPath)
}

export interface RunningServer {
  /** `http://localhost:<port>`, also the server's BETTER_AUTH_URL unless overridden. */
  url: string
  port: number
  /** The server's process id (srvx serves in that process: its CPU time is the app's). */
  pid: number
  /** Everything the server printed so far (for failure messages). */
  logs(): string
  stop(): Promise<void>
}

const running = new Set<ChildProcess>()
process.on('exit', () => {
  // Last resort if afterAll never ran: no server outlives the test process.
  for (const child of running) killGroup(child, 'SIGKILL')
})

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Starts the built app with srvx (`srvx --prod -s ../client dist/server/server.js`, the command
 * the generated `start` script runs) on a free loopback port, with the env a host would set.
 */
export async function startServer(
  dir: string,
  env: {
    BETTER_AUTH_SECRET: string
    DATABASE_PATH: string
    BETTER_AUTH_URL?: string
    AUTH_TRUSTED_PROXIES?: string
    SMTP_URL?: string
    /** Postgres and Redis (`init --db postgres --redis`). */
    DATABASE_URL?: string
    REDIS_URL?: string
    /** `add oidc`'s provider. */
    OIDC_ISSUER?: string
    OIDC_CLIENT_ID?: string
    OIDC_CLIENT_SECRET?: string
  },
): Promise<RunningServer> {
  const port = await freePort()
  const url = `http://localhost:${port}`
  const srvx = path.join(dir, 'node_modules/srvx/bin/srvx.mjs')
  const child = spawn(
    process.execPath,
    [srvx, '--prod', '--host', '127.0.0.1', '--port', String(port), '--static', '../client', 'dist/server/server.js'],
    {
      cwd: dir,
      detached: true, // its own process group, so stop() can end it and anything it spawned
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...appEnv(),
        NODE_ENV: 'production',
        BETTER_AUTH_URL: url,
        BETTER_AUTH_TRUSTED_ORIGINS: '',
        // The test client stands for a reverse proxy: each simulated user's X-Forwarded-For address
        // is their own rate-limit bucket (lib/auth/client-ip.ts). '' serves clients directly. CIDR
        // ranges, so every suite goes through the range matcher.
        AUTH_TRUSTED_PROXIES: '127.0.0.0/8, ::1/128',
        ...env,
      },
    },
  )
  running.add(child)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const stop = async () => {
    killGroup(child, 'SIGTERM')
    const timeout = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000)
    await exited
    clearTimeout(timeout)
    running.delete(child)
  }

  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`)
    try {
      const response = await fetch(`${url}/`, { redirect: 'manual' })
      await response.arrayBuffer()
      if (response.status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the server did not answer on ${url} within 60s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
  return { url, port, pid: child.pid!, logs: () => output, stop }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

export function randomSecret(): string {
  return randomBytes(32).toString('hex')
}
