/**
 * A Convex app (fixtures/convex-start: Better Auth in Convex through @convex-dev/better-auth 0.12, the Start app
 * proxying /api/auth/* to the Convex site): after `kit-auth init`, installed, `tsc --noEmit` and `vite build`.
 * Convex's backend cannot run here, so a REAL Better Auth server stands in for the Convex site: the fixture's own
 * better-auth (1.6.34), served with `toNodeHandler` on a private port, its baseURL the app's origin as Convex's
 * SITE_URL is. The built app's VITE_CONVEX_SITE_URL points at it, so its handler route forwards there as it would
 * to Convex, and kit-auth's choke point reads the session from there.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppClient, CookieJar, type ServerFnRef } from '../e2e/helpers/http.js'
import { appEnv, freePort, inApp, startBuiltApp, type AppServer } from '../helpers/app-server.js'
import { REPO, runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

const STAND_IN = `import { createServer } from 'node:http'
import { betterAuth } from 'better-auth'
import { memoryAdapter } from 'better-auth/adapters/memory'
import { toNodeHandler } from 'better-auth/node'

const appOrigin = process.env.APP_ORIGIN
const auth = betterAuth({
  baseURL: appOrigin,
  secret: process.env.STAND_IN_SECRET,
  database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
  emailAndPassword: { enabled: true },
})
const requests = []
const handler = toNodeHandler(auth)
// served under a path, as a self-hosted Convex serves its site (\`https://host/http_api\`): a request that
// drops it gets a 404
createServer((request, response) => {
  if (request.url === '/requests') return response.end(JSON.stringify(requests))
  requests.push(request.method + ' ' + request.url)
  if (!request.url.startsWith('/http_api/')) {
    response.statusCode = 404
    return response.end()
  }
  request.url = request.url.slice('/http_api'.length)
  return handler(request, response)
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('stand-in ready'))
`

/** The fixture's better-auth as a Convex site stand-in, on `port`; resolves once it listens. */
async function startStandIn(app: string, port: number, appOrigin: string): Promise<ChildProcess> {
  writeFileSync(path.join(app, 'convex-stand-in.mjs'), STAND_IN)
  const child = spawn(process.execPath, ['convex-stand-in.mjs'], {
    cwd: app,
    env: appEnv({ PORT: String(port), APP_ORIGIN: appOrigin, STAND_IN_SECRET: 'x'.repeat(40), NODE_ENV: 'production' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk)
      if (output.includes('stand-in ready')) resolve()
    })
    child.stderr!.on('data', (chunk) => (output += String(chunk)))
    child.once('exit', (code) => reject(new Error(`the stand-in exited (${code}):\n${output}`)))
  })
  return child
}

const ACCOUNT_FNS = 'src/lib/auth/account.functions.ts'
const LIST_SESSIONS: ServerFnRef = { file: ACCOUNT_FNS, name: 'listAccountSessions', method: 'GET' }
const REVOKE_OTHERS: ServerFnRef = { file: ACCOUNT_FNS, name: 'revokeOtherAccountSessions', method: 'POST' }
const CONVEX_URL = 'https://happy-otter-123.convex.cloud'

describe('a Convex app after kit-auth init: tsc, build, and the choke point over HTTP', () => {
  let app: string
  let server: AppServer | undefined
  let standIn: ChildProcess | undefined
  let client: AppClient
  let standInUrl: string

  beforeAll(async () => {
    app = await copyFixture('convex-start', { installed: true })
    const init = runCli(['init', '--yes', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    expect(runCli(['protect', '/about', '--yes', '--cwd', app]).code).toBe(0)
  }, 600_000)

  afterAll(async () => {
    await server?.stop()
    standIn?.kill('SIGTERM')
    // the copy holds an installed node_modules (about 350 MB)
    if (app) rmSync(app, { recursive: true, force: true })
  })

  it('writes no instance, no migration: convex/ and the handler unchanged; tsc --noEmit and vite build pass', () => {
    expect(existsSync(path.join(app, 'src/lib/auth/auth.ts'))).toBe(false)
    expect(existsSync(path.join(app, 'data'))).toBe(false)
    for (const file of ['convex/auth.ts', 'src/routes/api/auth/$.ts', 'src/lib/auth-server.ts'])
      expect(readFileSync(path.join(app, file), 'utf8')).toBe(
        readFileSync(path.join(REPO, 'fixtures/convex-start', file), 'utf8'),
      )
    // migrate regenerates the route tree and says what deploys the tables instead (exit 0: nothing is wrong)
    const migrate = runCli(['migrate', '--cwd', app])
    expect(migrate.code, migrate.stderr).toBe(0)
    expect(migrate.stdout).toContain(
      "Your Better Auth runs in Convex: kit-auth does not migrate it; its component's tables deploy with " +
        '`npx convex dev`.',
    )
    inApp(app, 'npx', ['tsc', '--noEmit'])
    // Proving the suite bites: KIT_AUTH_E2E_MUTATE=<script.mjs> runs in the app before the build (DEVELOPERS.md)
    const mutate = process.env.KIT_AUTH_E2E_MUTATE
    if (mutate) inApp(app, process.execPath, [path.resolve(mutate)])
    inApp(app, 'npx', ['vite', 'build'], { VITE_CONVEX_URL: CONVEX_URL })
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
  }, 600_000)

  it('starts the built app against a real Better Auth standing in for the Convex site', async () => {
    const port = await freePort()
    standInUrl = `http://127.0.0.1:${port}`
    server = await startBuiltApp(app, { VITE_CONVEX_SITE_URL: `${standInUrl}/http_api`, VITE_CONVEX_URL: CONVEX_URL })
    standIn = await startStandIn(app, port, server.origin)
    client = new AppClient(server.origin, app)
  }, 120_000)

  it('anonymous: the guarded route redirects to sign-in, the authAction answers 401', async () => {
    const about = await client.page('/about')
    expect(about.status, server!.log()).toBe(307)
    expect(about.location).toMatch(/\/sign-in\?redirect=%2Fabout$/)
    const anonymous = await client.fn(LIST_SESSIONS)
    expect(anonymous.status, server!.log()).toBe(401)
  })

  it("signed up through the app's /api/auth proxy: the guarded route renders, the authAction answers", async () => {
    const jar = new CookieJar()
    const signUp = await client.authApi(
      '/sign-up/email',
      { name: 'Convex', email: 'convex@example.com', password: 'correct-horse-battery' },
      jar,
    )
    expect(signUp.status, signUp.body).toBe(200)
    expect(jar.header()).toContain('better-auth.session_token=')

    const about = await client.page('/about', { jar })
    expect(about.status, server!.log()).toBe(200)
    // the account page's session list comes from list-sessions on the Convex site, through the choke point
    const sessions = await client.fn(LIST_SESSIONS, { jar })
    expect(sessions.status, server!.log()).toBe(200)
    expect(sessions.result).toEqual([expect.objectContaining({ current: true, expiresAt: expect.any(String) })])
    // a POST there carries the browser's Origin, which Better Auth checks
    const revoked = await client.fn(REVOKE_OTHERS, { jar })
    expect(revoked.status, server!.log()).toBe(200)
    expect(revoked.result).toEqual({ revoked: true })

    // what the stand-in was asked: the choke point's get-session (never from a cached cookie) and list-sessions
    const asked = (await (await fetch(`${standInUrl}/requests`)).json()) as string[]
    expect(asked).toContain('GET /http_api/api/auth/get-session?disableCookieCache=true')
    expect(asked).toContain('GET /http_api/api/auth/list-sessions')
    expect(asked).toContain('POST /http_api/api/auth/revoke-other-sessions')

    // sign-out through the proxy ends it on the next request
    const signOut = await client.authApi('/sign-out', {}, jar)
    expect(signOut.status, signOut.body).toBe(200)
    const after = await client.page('/about', { jar })
    expect(after.status).toBe(307)
    expect((await client.fn(LIST_SESSIONS, { jar })).status).toBe(401)
  })

  it("callers do not share one rate-limit bucket at the Convex site (each one's X-Forwarded-For goes along)", async () => {
    // Better Auth there allows 100 requests per 10 s per client address and path: 110 get-sessions of 11 callers
    const signedIn = new CookieJar()
    const signUp = await client.authApi(
      '/sign-up/email',
      { name: 'Busy', email: 'busy@example.com', password: 'correct-horse-battery' },
      signedIn,
    )
    expect(signUp.status, signUp.body).toBe(200)
    const callers = Array.from({ length: 11 }, () => {
      const jar = new CookieJar()
      const token = signedIn.get('better-auth.session_token')!
      jar.store(new Response(null, { headers: { 'set-cookie': `better-auth.session_token=${token}; Path=/` } }))
      return jar
    })
    const statuses: number[] = []
    for (let round = 0; round < 10; round++)
      statuses.push(...(await Promise.all(callers.map(async (jar) => (await client.page('/about', { jar })).status))))
    expect(
      statuses.filter((status) => status !== 200),
      server!.log().slice(-2000),
    ).toEqual([])
  })
})
