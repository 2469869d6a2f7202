/**
 * Every sign-in method on one app: `kit-auth init --yes`, then `add two-factor`, `add passkey`,
 * `add oauth` with all six built-in providers (github google apple microsoft discord gitlab), `add oidc`
 * and `add magic-link`, each as a user runs it (install and migration included). The app type-checks
 * and builds with all of them together (passkey and two-factor each alone in test/e2e/mfa.heavy.test.ts;
 * oauth and magic-link each alone, oidc without oauth in test/add/sign-in-methods.heavy.test.ts), its
 * sign-in page renders every method's entry point, a password sign-up and sign-in still work, the guards
 * still gate, and `kit-auth audit` finds nothing unprotected.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import {
  inApp,
  prepareApp,
  randomSecret,
  startServer,
  type PreparedApp,
  type RunningServer,
} from '../e2e/helpers/app.js'
import { AppClient, CookieJar } from '../e2e/helpers/http.js'

const PASSWORD = 'correct-horse-battery'
let app: PreparedApp
let server: RunningServer
let client: AppClient

beforeAll(async () => {
  app = await prepareApp({
    add: [
      ['two-factor'],
      ['passkey'],
      ['oauth', 'github', 'google', 'apple', 'microsoft', 'discord', 'gitlab'],
      ['oidc'],
      ['magic-link'],
    ],
  })
  server = await startServer(app.dir, {
    BETTER_AUTH_SECRET: randomSecret(),
    DATABASE_PATH: path.join(app.dir, 'data/auth.db'),
  })
  client = new AppClient(server.url, app.dir)
}, 1_200_000)

afterAll(async () => {
  await server?.stop()
  await app?.cleanup()
})

describe('all five sign-in methods on one app', () => {
  it('type-checks (vite build ran in prepareApp)', async () => {
    await inApp(app.dir, process.execPath, [path.join(app.dir, 'node_modules/typescript/bin/tsc'), '--noEmit'])
  }, 300_000)

  it("the sign-in page renders the providers' buttons, the passkey button and the magic-link form", async () => {
    const page = await client.page('/sign-in')
    expect(page.status).toBe(200)
    for (const label of ['GitHub', 'Google', 'Apple', 'Microsoft', 'Discord', 'GitLab', 'Single sign-on'])
      expect(page.body).toContain(`Continue with ${label}`)
    for (const text of ['passkey', 'webauthn']) expect(page.body.toLowerCase()).toContain(text)
    expect(page.body).toMatch(/magic|email me a link|sign-in link/i)
  })

  it('a password sign-up and sign-in still work, and the guards still gate', async () => {
    const jar = new CookieJar()
    const email = `all-methods-${Date.now()}@example.com`
    const signUp = await client.authApi('/sign-up/email', { name: 'All Methods', email, password: PASSWORD }, jar)
    expect(signUp.status, signUp.body).toBe(200)
    expect((await client.page('/account', { jar })).status).toBe(200)
    const anonymous = await client.page('/account')
    expect(anonymous.status).toBe(307)
    expect(anonymous.location).toContain('/sign-in')
    const again = new CookieJar()
    const signIn = await client.authApi('/sign-in/email', { email, password: PASSWORD }, again)
    expect(signIn.status, signIn.body).toBe(200)
    expect((await client.page('/account', { jar: again })).status).toBe(200)
  })

  it('kit-auth audit finds no unprotected entry point in what the five adds wrote', () => {
    const result = runCli(['audit', '--json', '--cwd', app.dir])
    expect(result.stderr).toBe('')
    const findings = (JSON.parse(result.stdout) as { findings: { file: string }[] }).findings
    expect(findings.filter((finding) => finding.file.startsWith('src/lib/auth/'))).toEqual([])
  })
})
