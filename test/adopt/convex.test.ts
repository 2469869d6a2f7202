/**
 * A Convex app (Better Auth runs in Convex through @convex-dev/better-auth; the Start app's /api/auth/$ only
 * forwards there): fixtures/convex-start (0.12's convexBetterAuthReactStart) and the older shapes public apps
 * still have (0.8/0.9's reactStartHandler in the route), without installing anything. What it proves over HTTP
 * against a real Better Auth is in convex.heavy.test.ts.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles, copyFixture, init, parseDocument } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function fixture(edit: Record<string, string | null> = {}): string {
  const root = copyFixture('convex-start')
  copies.push(root)
  for (const [file, text] of Object.entries(edit)) {
    if (text === null) rmSync(path.join(root, file))
    else writeFileSync(path.join(root, file), text)
  }
  return root
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8')

describe('init on a Convex app', () => {
  it('writes the session helpers, guards, middleware, start.ts and pages; nothing for an instance', () => {
    const root = fixture()
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout) as ReturnType<typeof parseDocument> & { notes: string[] }
    expect(changedFiles(before, snapshotTree(root))).toEqual(
      [
        'src/lib/auth/account.functions.ts',
        'src/lib/auth/action-middleware.ts',
        'src/lib/auth/guards.ts',
        'src/lib/auth/redirect.ts',
        'src/lib/auth/request-middleware.ts',
        'src/lib/auth/session.functions.ts',
        'src/lib/auth/session.ts',
        'src/routes/_authenticated/account.tsx',
        'src/routes/_authenticated/route.tsx',
        'src/routes/sign-in.tsx',
        'src/routes/sign-up.tsx',
        'src/start.ts',
      ].sort(),
    )
    const session = read(root, 'src/lib/auth/session.ts')
    // the choke point: get-session on the Convex site the handler's module names, never a cached cookie
    expect(session).toContain('process.env.VITE_CONVEX_SITE_URL')
    expect(session).toContain("'/get-session?disableCookieCache=true'")
    // typed by the instance in Convex (its plugins' fields), a type-only import
    expect(session).toContain("import type { createAuth } from '../../../convex/auth'")
    expect(session.replace(/\s+/g, ' ')).toContain(
      "type CookieSession = NonNullable< Awaited<ReturnType<ReturnType<typeof createAuth>['api']['getSession']>> >",
    )
    expect(session).not.toMatch(/from '(?:\.\/auth|\.\/instance|#\/lib\/auth-server)'/)
    expect(session).toContain('createAuthSession(convexSiteUrl)')
    // as the caller: their headers as the handler forwards them (cookies, Origin, client-IP headers), a site
    // URL with a path kept, a deadline, no redirect followed
    expect(session).toContain('if (!NOT_FORWARDED.has(name)) headers.set(name, value)')
    expect(session).toContain("`${siteUrl.replace(/\\/+$/, '')}/api/auth${path}`")
    expect(session).toContain('signal: AbortSignal.timeout(10_000)')
    // the account page's sessions through the same endpoints, no auth.api
    const account = read(root, 'src/lib/auth/account.functions.ts')
    expect(account).toContain("callConvexAuth<AuthSessionRow[]>('/list-sessions')")
    expect(account.replace(/\s+/g, ' ')).toContain(
      "callConvexAuth('/revoke-session', { method: 'POST', body: { token: target.token }, })",
    )
    expect(account).not.toContain('auth.api')
    // no delete-account form: only kit-auth's own instance is known to allow it
    expect(read(root, 'src/routes/_authenticated/account.tsx')).not.toContain('deleteUser')
    // the report: how sessions are read, and each part left out with its reason
    expect(document.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Your Better Auth runs in Convex \(src\/routes\/api\/auth\/\$\.ts forwards/),
        "Left out the migration: kit-auth cannot run Convex; your Better Auth component's tables deploy with " +
          '`npx convex dev`.',
        expect.stringMatching(/^Left out API tokens, deactivation and account lockout: they run code against/),
        expect.stringMatching(/^Left out organizations and the admin plugin: /),
        expect.stringMatching(/^Left out the account emails: /),
        expect.stringMatching(/^Left out BETTER_AUTH_SECRET: /),
        'Reused your auth client in src/lib/auth-client.ts as it is.',
      ]),
    )
    expect(document.notes.join('\n')).not.toMatch(/stateless|withClientIp/)
    // a JSON consumer learns where Better Auth runs
    expect((document as unknown as { adopted: { convex: unknown } }).adopted.convex).toEqual({
      handler: 'src/routes/api/auth/$.ts',
      siteUrlEnv: 'VITE_CONVEX_SITE_URL',
      envAccess: 'process.env',
    })
    expect(document.nextSteps.join('\n')).not.toMatch(/migrate/)
    // the database is Convex's (not a SQLite file); no client-ip step for a handler without auth.handler
    expect((document as unknown as { answers: { db: string } }).answers.db).toBe('convex')
    expect(document.nextSteps.join('\n')).not.toMatch(/withClientIp|client-ip/)
    // a second run changes nothing
    const again = snapshotTree(root)
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    expect(changedFiles(again, snapshotTree(root))).toEqual([])
  })

  it("names the app's own convex dev script in the migration's reason", () => {
    const root = fixture()
    const manifest = JSON.parse(read(root, 'package.json')) as { scripts: Record<string, string> }
    manifest.scripts['dev:convex'] = 'convex dev'
    writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect((parseDocument(result.stdout) as unknown as { notes: string[] }).notes).toContain(
      "Left out the migration: kit-auth cannot run Convex; your Better Auth component's tables deploy with " +
        '`npm run dev:convex`.',
    )
  })

  it("0.8/0.9's reactStartHandler in the route, CONVEX_SITE_URL or import.meta.env, no client of its own", () => {
    const handler = (body: string) =>
      "import { createFileRoute } from '@tanstack/react-router'\n" +
      "import { reactStartHandler } from '@convex-dev/better-auth/react-start'\n\n" +
      "export const Route = createFileRoute('/api/auth/$')({\n" +
      `  server: { handlers: { GET: ({ request }) => ${body}, POST: ({ request }) => ${body} } },\n})\n`
    const cases = [
      // reactStartHandler(request) reads VITE_CONVEX_SITE_URL itself (0.8, 0.9)
      { body: 'reactStartHandler(request)', expected: 'process.env.VITE_CONVEX_SITE_URL' },
      {
        body: 'reactStartHandler(request, { convexSiteUrl: process.env.CONVEX_SITE_URL! })',
        expected: 'process.env.CONVEX_SITE_URL',
      },
      {
        body: 'reactStartHandler(request, { convexSiteUrl: import.meta.env.VITE_CONVEX_SITE_URL })',
        expected: 'import.meta.env.VITE_CONVEX_SITE_URL',
      },
      // an app without Vite's types reads it through a cast: so does kit-auth (process.env may lack it)
      {
        body: 'reactStartHandler(request, { convexSiteUrl: (import.meta as any).env.VITE_CONVEX_SITE_URL! })',
        expected: '(import.meta as unknown as { env: Record<string, string | undefined> }).env.VITE_CONVEX_SITE_URL',
      },
    ]
    for (const { body, expected } of cases) {
      const root = fixture({
        'src/routes/api/auth/$.ts': handler(body),
        'src/lib/auth-server.ts': null,
        'src/lib/auth-client.ts': null,
        'src/integrations/better-auth/header-user.tsx': null,
        'src/routes/demo/better-auth.tsx': null,
        'src/integrations/convex/provider.tsx': 'export default function Provider() {\n  return null\n}\n',
      })
      const result = init(root, ['--yes', '--no-install'])
      expect(result.code, result.stderr).toBe(0)
      const bare = (text: string) => text.replace(/\s+/g, '')
      expect(bare(read(root, 'src/lib/auth/session.ts'))).toContain(bare(`const url = ${expected}\n if`))
      // no client in the app: kit-auth's, with Convex's client plugin and nothing typed by a Start-side instance
      const client = read(root, 'src/lib/auth/auth-client.ts')
      expect(client).toContain('plugins: [convexClient()]')
      expect(client).not.toContain('inferAdditionalFields')
    }
  })

  it('a convexSiteUrl computed from no variable it can name: the report says which one getSession() reads', () => {
    const root = fixture({
      'src/lib/auth-server.ts':
        "import { convexBetterAuthReactStart } from '@convex-dev/better-auth/react-start'\n" +
        "import { getEnv } from '#/lib/env'\n\n" +
        "const siteUrl = getEnv('SITE_URL')\n\n" +
        'export const { handler, getToken } = convexBetterAuthReactStart({\n' +
        '  convexUrl: `${siteUrl}/ws_api`,\n' +
        '  convexSiteUrl: `${siteUrl}/http_api`,\n' +
        '})\n',
      'src/lib/env.ts': 'export const getEnv = (name: string) => process.env[name] ?? ""\n',
    })
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect((parseDocument(result.stdout) as unknown as { notes: string[] }).notes).toContain(
      'kit-auth could not tell which variable holds your Convex site URL (your handler computes convexSiteUrl): ' +
        'getSession() reads VITE_CONVEX_SITE_URL; set it to that URL, or change convexSiteUrl() in ' +
        'src/lib/auth/session.ts.',
    )
    // the fixture names its variable: no such note
    const named = init(fixture(), ['--yes', '--no-install'])
    expect(named.stdout).not.toContain('could not tell which variable')
  })

  it('an instance in Convex with password sign-in off (GitHub only): no password pages, the report says so', () => {
    const root = fixture()
    const auth = read(root, 'convex/auth.ts').replace(
      /emailAndPassword: \{[^}]*\},/,
      'socialProviders: {\n      github: { clientId: process.env.GITHUB_ID!, clientSecret: process.env.GITHUB_SECRET! },\n    },',
    )
    expect(auth).not.toContain('emailAndPassword')
    writeFileSync(path.join(root, 'convex/auth.ts'), auth)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    expect(tree['src/routes/sign-up.tsx']).toBeUndefined()
    expect(tree['src/routes/sign-in.tsx']).not.toContain('signIn.email')
    expect(tree['convex/auth.ts']).toBe(auth)
    expect((parseDocument(result.stdout) as unknown as { notes: string[] }).notes).toContain(
      'Your instance in convex/auth.ts has password sign-in off (emailAndPassword.enabled is not true): kit-auth ' +
        'wrote no sign-up, forgot-password or reset-password page and no password-reset settings; the /sign-in ' +
        'page kit-auth wrote has no form: put the sign-in your app uses there (the guards redirect to it).',
    )
  })

  it("types the session by Better Auth's base fields when the instance's modules are not there to import", () => {
    // convex/_generated not committed (`convex dev` writes it): importing the instance's type would not compile
    const root = fixture({ 'convex/_generated/dataModel.d.ts': null })
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const session = read(root, 'src/lib/auth/session.ts')
    expect(session).toContain("import type { Session as BetterAuthSession, User } from 'better-auth'")
    expect(session).not.toContain('convex/auth')
  })

  it('on a serverless host: no note about a SQLite file (Convex keeps the data)', () => {
    const root = fixture({ 'vercel.json': '{}\n' })
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout) as ReturnType<typeof parseDocument> & { notes: string[] }
    expect((document as unknown as { answers: { db: string } }).answers.db).toBe('convex')
    expect(document.notes.join('\n')).not.toMatch(/SQLite|Postgres/)
  })

  it('refuses --db and --redis with the reason, writing nothing', () => {
    for (const flag of [['--db', 'sqlite'], ['--redis']]) {
      const root = fixture()
      const before = snapshotTree(root)
      const result = init(root, ['--yes', '--no-install', ...flag])
      expect(result.code).not.toBe(0)
      expect(result.stderr).toContain(`${flag.join(' ')}: this app's Better Auth runs in Convex`)
      expect(snapshotTree(root)).toEqual(before)
    }
  })
})

describe('after init, what needs the instance itself is refused precisely', () => {
  it('add-guard admin, organization, role and permission; add two-factor: reason, hint, nothing written', () => {
    const root = fixture()
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const before = snapshotTree(root)
    const runs = [
      { args: ['add-guard', 'admin'], needs: 'the admin plugin (admin() and adminClient())' },
      { args: ['add-guard', 'role:editor'], needs: 'the admin plugin' },
      {
        args: ['add-guard', 'organization'],
        needs: 'the organization plugin (organization() and organizationClient())',
      },
      { args: ['add-guard', 'permission:project:create'], needs: 'the organization plugin' },
      { args: ['add', 'two-factor'], needs: "two-factor's plugin or options" },
    ]
    for (const { args, needs } of runs) {
      const result = runCli([...args, '--no-install', '--yes', '--cwd', root])
      expect(result.code, args.join(' ')).not.toBe(0)
      expect(result.stderr).toContain(`this app's Better Auth runs in Convex (src/routes/api/auth/$.ts forwards`)
      expect(result.stderr).toContain(needs)
      expect(result.stderr).toContain('Nothing was written.')
      expect(result.stderr).toContain('`npx convex dev`')
      expect(snapshotTree(root)).toEqual(before)
    }
  })

  it('migrate --dry-run: only the route tree, nothing to migrate here', () => {
    const root = fixture()
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const result = runCli(['migrate', '--dry-run', '--cwd', root])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      'Dry run: would regenerate the route tree (your Better Auth runs in Convex: nothing to migrate here).',
    )
  })

  it('doctor checks the Convex site URL, not what Better Auth reads in Convex (secret, URL, plugins)', () => {
    const root = fixture()
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const doctor = () => {
      const result = runCli(['doctor', '--no-install', '--json', '--cwd', root])
      const checks = (JSON.parse(result.stdout) as { checks: { id: string; ok: boolean; message: string }[] }).checks
      return {
        code: result.code,
        failed: checks.filter((check) => !check.ok),
        byId: new Map(checks.map((c) => [c.id, c])),
      }
    }
    const unset = doctor()
    expect(unset.code).toBe(1)
    expect(unset.failed.map((check) => check.id)).toEqual(['convex-site-url'])
    expect(unset.failed[0]!.message).toContain('VITE_CONVEX_SITE_URL is not set')
    writeFileSync(path.join(root, '.env.local'), 'VITE_CONVEX_SITE_URL=https://happy-otter-123.convex.site\n')
    const set = doctor()
    expect(set.code).toBe(0)
    expect(set.failed).toEqual([])
    expect(set.byId.get('secret')!.message).toMatch(/^Skipped: your Better Auth runs in Convex/)
    expect(set.byId.get('cookies-plugin-last')!.message).toMatch(/^Skipped: your Better Auth runs in Convex/)
  })

  it('protect guards a route through the generated guards', () => {
    const root = fixture()
    expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const result = runCli(['protect', '/about', '--yes', '--cwd', root])
    expect(result.code, result.stderr).toBe(0)
    expect(read(root, 'src/routes/about.tsx')).toContain('beforeLoad: requireAuth')
  })
})
