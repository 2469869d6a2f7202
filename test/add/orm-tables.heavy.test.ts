/**
 * The two-factor and passkey tables `add` writes into an ORM app's own schema, applied for real:
 * - drizzle-sqlite (installed): init, add two-factor, add passkey (each installing), `tsc --noEmit`,
 *   `drizzle-kit push` creates two_factor, totp_step, passkey and user.two_factor_enabled, `vite build`,
 *   then over HTTP through drizzleAdapter: two-factor turned on with the password and confirmed with a
 *   code from otpauth, a password sign-in then asks for the code, the code signs in, the same code again
 *   is refused (the replay guard's totp_step rows).
 * - prisma-app (installed): `prisma validate` and `prisma generate` on the schema with the new models
 *   (offline: PRISMA_SCHEMA_ENGINE_BINARY points at a stub, as validate and generate use Prisma's wasm),
 *   the generated client has them, and `tsc --noEmit` passes. `prisma migrate` needs the schema engine
 *   binary, which cannot be downloaded here.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import * as OTPAuth from 'otpauth'
import { describe, expect, it } from 'vitest'
import { CookieJar, AppClient } from '../e2e/helpers/http.js'
import { inApp, startBuiltApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

const PASSWORD = 'correct-horse-battery'

function kitAuth(app: string, args: string[]): string {
  const result = runCli([...args, '--cwd', app], { env: { CI: 'true' } })
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}

/** `select ...` on the app's SQLite file with its own better-sqlite3. */
function query(app: string, database: string, sql: string): unknown[] {
  const script = `const D=require('better-sqlite3');console.log(JSON.stringify(new D(${JSON.stringify(database)}).prepare(${JSON.stringify(sql)}).all()))`
  return JSON.parse(inApp(app, process.execPath, ['-e', script])) as unknown[]
}

describe('add two-factor and passkey on a Drizzle SQLite app', () => {
  it('drizzle-kit push creates the tables; tsc; two-factor turned on and used over HTTP', async () => {
    const app = await copyFixture('drizzle-sqlite', { installed: true })
    kitAuth(app, ['init', '--yes'])
    const twoFactor = kitAuth(app, ['add', 'two-factor'])
    expect(twoFactor).toContain('with drizzle-kit: `npm run db:generate`, then `npm run db:migrate`')
    const passkey = kitAuth(app, ['add', 'passkey'])
    expect(passkey).toContain('Apply the passkey table (in src/db/auth-schema.ts) with drizzle-kit')
    inApp(app, 'npx', ['tsc', '--noEmit'])

    mkdirSync(path.join(app, 'data'))
    inApp(app, 'npx', ['drizzle-kit', 'push', '--force'])
    const database = path.join(app, 'data/app.db')
    const tables = (
      query(app, database, "select name from sqlite_master where type = 'table'") as { name: string }[]
    ).map((row) => row.name)
    expect(tables).toEqual(expect.arrayContaining(['user', 'two_factor', 'totp_step', 'passkey']))
    const columns = (table: string) =>
      (query(app, database, `pragma table_info(${table})`) as { name: string }[]).map((row) => row.name)
    expect(columns('user')).toContain('two_factor_enabled')
    expect(columns('two_factor')).toEqual(
      expect.arrayContaining([
        'secret',
        'backup_codes',
        'user_id',
        'verified',
        'failed_verification_count',
        'locked_until',
      ]),
    )
    expect(columns('passkey')).toEqual(
      expect.arrayContaining(['public_key', 'credential_id', 'counter', 'device_type', 'backed_up', 'aaguid']),
    )

    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
    const server = await startBuiltApp(app, { DATABASE_PATH: database })
    try {
      const client = new AppClient(server.origin, app)
      const jar = new CookieJar()
      const email = 'drizzle-2fa@example.com'
      const signUp = await client.authApi('/sign-up/email', { name: 'Drizzle', email, password: PASSWORD }, jar)
      expect(signUp.status, `${signUp.body}\n${server.log()}`).toBe(200)
      const enabled = await client.authApi('/two-factor/enable', { password: PASSWORD }, jar)
      expect(enabled.status, `${enabled.body}\n${server.log()}`).toBe(200)
      const totp = OTPAuth.URI.parse((enabled.json as { totpURI: string }).totpURI)
      if (!(totp instanceof OTPAuth.TOTP)) throw new Error('not a TOTP URI')
      const code = (offset: number) => totp.generate({ timestamp: Date.now() + offset * totp.period * 1000 })
      // room for two codes in this step
      const left = totp.period - ((Date.now() / 1000) % totp.period)
      if (left < 10) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 200))
      const confirmed = await client.authApi('/two-factor/verify-totp', { code: code(-1) }, jar)
      expect(confirmed.status, `${confirmed.body}\n${server.log()}`).toBe(200)
      expect(query(app, database, 'select two_factor_enabled from user')).toEqual([{ two_factor_enabled: 1 }])

      const signIn = new CookieJar()
      const password = await client.authApi('/sign-in/email', { email, password: PASSWORD }, signIn)
      expect(password.json).toMatchObject({ twoFactorRedirect: true })
      const used = code(0)
      const second = await client.authApi('/two-factor/verify-totp', { code: used }, signIn)
      expect(second.status, second.body).toBe(200)
      expect(signIn.header()).toMatch(/better-auth\.session_token=/)
      // the replay guard keeps its steps in the totp_step table drizzle-kit created
      expect(query(app, database, 'select step from totp_step')).toHaveLength(1)
      const again = new CookieJar()
      expect((await client.authApi('/sign-in/email', { email, password: PASSWORD }, again)).json).toMatchObject({
        twoFactorRedirect: true,
      })
      const replay = await client.authApi('/two-factor/verify-totp', { code: used }, again)
      expect(replay.status).not.toBe(200)
      expect(replay.json).toMatchObject({ code: 'TOTP_CODE_REUSED' })
    } finally {
      await server.stop()
    }
  }, 900_000)
})

describe('add two-factor and passkey on a Prisma app', () => {
  it('prisma validate and generate take the new models; tsc passes', async () => {
    const app = await copyFixture('prisma-app', { installed: true })
    kitAuth(app, ['init', '--yes'])
    kitAuth(app, ['add', 'two-factor'])
    const passkey = kitAuth(app, ['add', 'passkey'])
    expect(passkey).toContain('Apply the passkey table (in prisma/schema.prisma) with Prisma')
    const env = { DATABASE_URL: 'postgres://localhost:5432/app', PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true' }
    expect(inApp(app, 'npx', ['prisma', 'validate'], env)).toContain('is valid')
    inApp(app, 'npx', ['prisma', 'generate'], env)
    const client = readFileSync(path.join(app, 'src/generated/prisma/client.ts'), 'utf8')
    for (const model of ['User', 'TwoFactor', 'TotpStep', 'Passkey']) expect(client).toContain(`export type ${model} =`)
    inApp(app, 'npx', ['tsc', '--noEmit'])
  }, 900_000)
})
