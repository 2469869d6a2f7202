/**
 * The cost of auth per request (issue 16, item 4), measured with autocannon against built apps:
 * a guarded SSR page with a session cookie against the same page public, and a protected server
 * function (authAction) against an open one, on SQLite, Postgres and Postgres + Redis. Each app is
 * the default-npm fixture after `kit-auth init`, built and served by srvx; PostgreSQL and Redis are
 * real servers (test/helpers/servers.ts). Prints req/s, p99 and the ratio to the open twin (goal:
 * 80% or more); fails only when a request fails (an error or a non-2xx), never on speed.
 *
 * A case and its twin run back to back, BENCH_AUTH_ROUNDS times in alternating order, and each
 * figure is the median of its rounds: on a loaded machine req/s swings from one run to the next.
 * Beside req/s it prints the server's CPU time per request (its process's user + system time over
 * the run, divided by the requests served), which the load changes less. "public page, signed in"
 * is the public page with the session cookie: against the guarded page it differs only by the
 * guard (its layout route and the session lookup).
 *
 * BENCH_AUTH_SECONDS (default 5) per run, BENCH_AUTH_ROUNDS (default 3), BENCH_AUTH_CONNECTIONS
 * (default 10).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import {
  prepareApp,
  randomSecret,
  startServer,
  type PreparedApp,
  type RunningServer,
} from '../../test/e2e/helpers/app.js'
import { AppClient, CookieJar, serverFnPath, type ServerFnRef } from '../../test/e2e/helpers/http.js'
import {
  startPostgres,
  startRedis,
  type RunningPostgres,
  type RunningServer as RunningRedis,
} from '../../test/helpers/servers.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const SECONDS = Number(process.env.BENCH_AUTH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_AUTH_CONNECTIONS ?? 10)
const ROUNDS = Number(process.env.BENCH_AUTH_ROUNDS ?? 3)
const GOAL = 0.8

const PAGE = (id: string, note: string) => `// Bench-only page (scripts/auth-cost): ${note}.
import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('${id}')({ component: BenchPage })

function BenchPage() {
  return (
    <main className="page-wrap px-4 py-12">
      <h1 className="text-2xl font-bold">Bench</h1>
      <p>The same page, guarded or not.</p>
    </main>
  )
}
`
const FUNCTIONS = `// Bench-only server functions (scripts/auth-cost): the same answer, open or behind authAction().
import { createServerFn } from '@tanstack/react-start'
import { authAction } from '#/lib/auth/action-middleware'

/** @public the open twin of guardedPing */
export const openPing = createServerFn({ method: 'POST' }).handler(() => ({ ok: true }))

export const guardedPing = authAction().handler(({ context }) => ({ ok: true, id: context.user.id }))
`
// The server functions are built only when the app imports them: from a page nobody measures.
const CALLER = `// Bench-only page (scripts/auth-cost): the build keeps the server functions it calls.
import { createFileRoute } from '@tanstack/react-router'
import { guardedPing, openPing } from '#/lib/bench/bench.functions'

export const Route = createFileRoute('/bench-functions')({ component: BenchFunctions })

function BenchFunctions() {
  return (
    <main className="page-wrap px-4 py-12">
      <button onClick={() => void openPing()}>open</button>
      <button onClick={() => void guardedPing()}>guarded</button>
    </main>
  )
}
`
const FILES = {
  'src/routes/bench-functions.tsx': CALLER,
  'src/routes/bench-public.tsx': PAGE('/bench-public', 'no guard'),
  'src/routes/_authenticated/bench-guarded.tsx': PAGE('/_authenticated/bench-guarded', 'behind requireAuth'),
  'src/lib/bench/bench.functions.ts': FUNCTIONS,
}
const FN_FILE = 'src/lib/bench/bench.functions.ts'
const OPEN: ServerFnRef = { file: FN_FILE, name: 'openPing', method: 'POST' }
const GUARDED: ServerFnRef = { file: FN_FILE, name: 'guardedPing', method: 'POST' }

interface Result {
  requests: { average: number; total: number }
  latency: { p99: number }
  errors: number
  timeouts: number
  non2xx: number
  '2xx': number
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>

/** What one case measured: the median of its rounds. */
interface Measured {
  rps: number
  p99: number
  /** Server CPU ms per request; null where /proc cannot tell. */
  cpu: number | null
}

/** The process's CPU time so far (user + system, ms), from /proc (Linux); null elsewhere. */
function cpuTime(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks (USER_HZ 100)
  } catch {
    return null
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** autocannon from kit-auth's devDependencies, else installed once into .tmp/bench-tools. */
function loadAutocannon(): Autocannon {
  try {
    return createRequire(import.meta.url)('autocannon') as Autocannon
  } catch {
    const tools = path.join(REPO, '.tmp/bench-tools')
    if (!existsSync(path.join(tools, 'node_modules/autocannon'))) {
      mkdirSync(tools, { recursive: true })
      process.stderr.write('[bench] autocannon is not installed (npm install): installing it into .tmp/bench-tools\n')
      execFileSync('npm', ['install', '--prefix', tools, '--no-save', '--no-audit', '--no-fund', 'autocannon@^8.0.0'], {
        stdio: 'ignore',
      })
    }
    return createRequire(path.join(tools, 'package.json'))('autocannon') as Autocannon
  }
}

const SETUPS = [
  { name: 'SQLite', args: [] as string[], postgres: false, redis: false },
  { name: 'Postgres', args: ['--db', 'postgres'], postgres: true, redis: false },
  { name: 'Postgres + Redis', args: ['--db', 'postgres', '--redis'], postgres: true, redis: true },
]

const apps: PreparedApp[] = []
const servers: Array<RunningServer | RunningRedis | RunningPostgres> = []
afterAll(async () => {
  for (const server of servers.reverse()) await server.stop()
  for (const app of apps) await app.cleanup()
})

it('measures the cost of auth per request', async () => {
  const autocannon = loadAutocannon()
  const rows: string[][] = []
  const failures: string[] = []
  for (const setup of SETUPS) {
    const postgres = setup.postgres ? await startPostgres() : null
    const redis = setup.redis ? await startRedis() : null
    if (postgres) servers.push(postgres)
    if (redis) servers.push(redis)
    const databaseUrl = postgres ? await postgres.createDatabase('bench') : ''
    const app = await prepareApp({ initArgs: setup.args, env: { DATABASE_URL: databaseUrl }, files: FILES })
    apps.push(app)
    const server = await startServer(app.dir, {
      BETTER_AUTH_SECRET: randomSecret(),
      DATABASE_PATH: path.join(app.dir, 'data/auth.db'),
      ...(postgres ? { DATABASE_URL: databaseUrl } : {}),
      ...(redis ? { REDIS_URL: redis.url } : {}),
    })
    servers.push(server)
    const client = new AppClient(server.url, app.dir)
    const jar = new CookieJar()
    const signUp = await client.authApi(
      '/sign-up/email',
      { name: 'Bench', email: 'bench@example.com', password: 'correct-horse-battery' },
      jar,
    )
    expect(signUp.status, signUp.body).toBe(200)
    const cookie = jar.header()
    const fn = { 'x-tsr-serverfn': 'true', accept: 'application/json', origin: server.url }
    const page = { accept: 'text/html' }
    const cases: Array<{ name: string; path: string; method: string; headers: Record<string, string> }> = [
      { name: 'guarded page', path: '/bench-guarded', method: 'GET', headers: { ...page, cookie } },
      { name: 'public page', path: '/bench-public', method: 'GET', headers: page },
      { name: 'public page, signed in', path: '/bench-public', method: 'GET', headers: { ...page, cookie } },
      { name: 'authAction fn', path: serverFnPath(GUARDED), method: 'POST', headers: { ...fn, cookie } },
      { name: 'open fn', path: serverFnPath(OPEN), method: 'POST', headers: fn },
    ]
    const runs = new Map(
      cases.map((bench) => [bench.name, [] as Array<{ rps: number; p99: number; cpu: number | null }>]),
    )
    const run = async (bench: (typeof cases)[number], duration: number) => {
      const options = { url: server.url + bench.path, method: bench.method, headers: bench.headers }
      const before = cpuTime(server.pid)
      const result = await autocannon({ ...options, connections: CONNECTIONS, duration })
      const after = cpuTime(server.pid)
      if (result.errors + result.timeouts + result.non2xx > 0)
        failures.push(
          `${setup.name} ${bench.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
        )
      const cpu =
        before === null || after === null || !result.requests.total ? null : (after - before) / result.requests.total
      return { rps: result.requests.average, p99: result.latency.p99, cpu }
    }
    for (const bench of cases) {
      const once = await fetch(server.url + bench.path, { method: bench.method, headers: bench.headers })
      expect(once.status, `${setup.name} ${bench.name}: ${await once.text()}`).toBe(200)
      await run(bench, 1) // warm-up: JIT, pools, connections
    }
    // each case beside its twins, in alternating order: the load on the machine falls on both alike
    for (let round = 0; round < ROUNDS; round++)
      for (const bench of round % 2 ? [...cases].reverse() : cases)
        runs.get(bench.name)!.push(await run(bench, SECONDS))
    const measured = new Map<string, Measured>()
    for (const [name, results] of runs) {
      const cpus = results.map((result) => result.cpu)
      measured.set(name, {
        rps: median(results.map((result) => result.rps)),
        p99: median(results.map((result) => result.p99)),
        cpu: cpus.every((cpu) => cpu !== null) ? median(cpus as number[]) : null,
      })
    }
    const cpuText = (cpu: number | null) => (cpu === null ? '-' : `${cpu.toFixed(2)} ms`)
    const row = (name: string, twin: string) => {
      const own = measured.get(name)!
      const other = measured.get(twin)!
      const ratio = own.rps / other.rps
      rows.push([
        setup.name,
        name,
        own.rps.toFixed(0),
        `${own.p99} ms`,
        cpuText(own.cpu),
        twin,
        other.rps.toFixed(0),
        `${other.p99} ms`,
        cpuText(other.cpu),
        `${(ratio * 100).toFixed(0)}%${ratio >= GOAL ? '' : ' (goal 80%)'}`,
      ])
    }
    row('guarded page', 'public page')
    row('guarded page', 'public page, signed in')
    row('authAction fn', 'open fn')
    await server.stop()
    servers.splice(servers.indexOf(server), 1)
  }
  const header = ['database', 'case', 'req/s', 'p99', 'CPU/req', 'open twin', 'req/s', 'p99', 'CPU/req', 'ratio']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')
  process.stdout.write(
    `\nCost of auth per request (autocannon, ${CONNECTIONS} connections, median of ${ROUNDS} runs of ${SECONDS} s ` +
      `per case, one instance; load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')})\n` +
      [line(header), ...rows.map(line)].join('\n') +
      '\n\n',
  )
  expect(failures).toEqual([])
})
