/**
 * An instance on a custom adapter (fixtures/custom-adapter: `database: storeAdapter(store)`, made with Better Auth's
 * createAdapterFactory): kit-auth adopts it for guards, session helpers and middleware, and leaves its tables to the
 * app's own migration (`npm run db:migrate`), saying why, in init, migrate and doctor. Better Auth's migrations
 * cannot run on such an adapter; before this, init told the app to run `kit-auth migrate`, which then reported
 * "auth tables up to date", and doctor reported every table present.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { copyFixture, init, parseDocument } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function fixture(): string {
  const root = copyFixture('custom-adapter')
  copies.push(root)
  return root
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8')

const WHY =
  '(kit-auth cannot migrate the database behind your custom adapter, storeAdapter(...) in src/lib/auth.ts: ' +
  "Better Auth's migrations run only on its built-in Kysely adapter)"
const STEP = 'add the new auth tables and columns with your own migration, `npm run db:migrate`'

describe('an instance on a custom adapter', () => {
  it('init adopts it for the guards and session helpers; the tables are left to the app’s own migration', () => {
    const root = fixture()
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout)
    // adopted: no instance of kit-auth's own, the helpers import the app's, the adapter kept as it is
    expect(document.changes.map((change) => change.path)).not.toContain('src/lib/auth/auth.ts')
    expect(read(root, 'src/lib/auth/session.ts')).toContain("import { auth } from '#/lib/auth'")
    expect(read(root, 'src/lib/auth.ts')).toContain('database: storeAdapter(store),')
    expect(read(root, 'src/lib/auth/request-middleware.ts')).toBeTruthy()
    expect(read(root, 'package.json')).not.toContain('better-sqlite3')
    const steps = document.nextSteps.join('\n')
    expect(steps).toContain(`Then ${STEP} ${WHY}; ` + '`npx kit-auth migrate` regenerates the route tree.')
    expect(steps).not.toContain('run `npx kit-auth migrate` to add the new auth tables')
  })

  it('migrate --dry-run migrates nothing; doctor skips the database with the reason and the command', () => {
    const root = fixture()
    const dry = runCli(['migrate', '--dry-run', '--cwd', root])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('Dry run: would regenerate the route tree.')
    expect(dry.stdout).not.toContain('and migrate')
    const doctor = runCli(['doctor', '--json', '--cwd', root])
    const checks = (JSON.parse(doctor.stdout) as { checks: { id: string; message: string }[] }).checks
    expect(checks.find((check) => check.id === 'database')?.message).toBe(`Skipped: no tables read; ${STEP} ${WHY}.`)
  })

  it("without a migration script, doctor points at the adapter's own migration", () => {
    const root = fixture()
    const manifest = JSON.parse(read(root, 'package.json')) as { scripts: Record<string, string> }
    delete manifest.scripts['db:migrate']
    writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest, null, 2))
    const doctor = runCli(['doctor', '--json', '--cwd', root])
    const checks = (JSON.parse(doctor.stdout) as { checks: { id: string; message: string }[] }).checks
    expect(checks.find((check) => check.id === 'database')?.message).toContain(
      "with your adapter's own migration (`npx auth generate` writes them out when the adapter supports it)",
    )
  })
})

describe('add on an instance on a custom adapter', () => {
  it("add two-factor: the new tables go through the app's own migration script", () => {
    const root = fixture()
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const result = runCli(['add', 'two-factor', '--yes', '--no-install', '--json', '--cwd', root])
    expect(result.code, result.stderr).toBe(0)
    const steps = (JSON.parse(result.stdout) as { nextSteps: string[] }).nextSteps
    expect(steps).toContain(
      'Apply the twoFactor and totpStep tables and the user.twoFactorEnabled column with your own migration, ' +
        "`npm run db:migrate` (kit-auth cannot migrate a custom adapter's database).",
    )
  })
})
