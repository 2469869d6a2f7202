/**
 * Adoption shapes the fixture does not have, on small synthetic apps: an instance exported as
 * `default` outside lib/, a flat-named handler route (`api.auth.$.ts`), a pathless `_guest/login`
 * sign-in page, a destructured client kit-auth cannot import, an instance it cannot import at all.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { syntaxErrors } from '../helpers/code-check.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'
import { changedFiles, init, parseDocument } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'shapes',
    private: true,
    type: 'module',
    imports: { '#/*': './src/*' },
    dependencies: {
      '@tanstack/react-router': '1.170.46',
      '@tanstack/react-start': '1.169.5',
      'better-auth': '^1.7.25',
      react: '^19.2.0',
      'react-dom': '^19.2.0',
    },
  },
  null,
  2,
)}\n`

const ROOT_ROUTE =
  "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n"

function app(files: Record<string, string>): string {
  const root = makeTree({ 'package.json': PACKAGE_JSON, 'src/routes/__root.tsx': ROOT_ROUTE, ...files })
  copies.push(root)
  return root
}

describe('init adopts other shapes', () => {
  it('a default export in src/server/auth.ts, api.auth.$.ts, _guest/login, a destructured client', () => {
    const root = app({
      'src/server/auth.ts':
        "import { betterAuth } from 'better-auth'\nimport { tanstackStartCookies } from 'better-auth/tanstack-start'\n\nconst instance = betterAuth({\n  emailAndPassword: { enabled: true },\n  plugins: [tanstackStartCookies()],\n})\n\nexport default instance\n",
      'src/routes/api.auth.$.ts':
        "import { createFileRoute } from '@tanstack/react-router'\nimport auth from '#/server/auth'\n\nexport const Route = createFileRoute('/api/auth/$')({\n  server: { handlers: { GET: ({ request }) => auth.handler(request), POST: ({ request }) => auth.handler(request) } },\n})\n",
      'src/routes/_guest.tsx':
        "import { Outlet, createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/_guest')({ component: Outlet })\n",
      // it signs in through the app's client (a page of another system would be left alone)
      'src/routes/_guest/login.tsx':
        "import { createFileRoute } from '@tanstack/react-router'\nimport { signIn } from '#/lib/client'\n\nexport const Route = createFileRoute('/_guest/login')({ component: Login })\n\nfunction Login() {\n  return signIn.email && null\n}\n",
      'src/lib/client.ts':
        "import { createAuthClient } from 'better-auth/react'\n\nexport const { signIn, signOut, useSession } = createAuthClient()\n",
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout) as ReturnType<typeof parseDocument> & { notes: string[] }
    const after = snapshotTree(root)
    const written = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    expect(changedFiles(before, after)).toEqual([...written].sort())

    // no second handler, no second instance; the default export is imported as `auth`
    expect(after['src/routes/api/auth/$.ts']).toBeUndefined()
    expect(after['src/lib/auth/auth.ts']).toBeUndefined()
    expect(after['src/routes/api.auth.$.ts']).toBe(before['src/routes/api.auth.$.ts'])
    for (const file of [
      'src/lib/auth/session.ts',
      'src/lib/auth/action-middleware.ts',
      'src/lib/auth/api-tokens.functions.ts',
    ]) {
      expect(after[file], file).toContain("import auth from '#/server/auth'")
    }
    expect(after['src/lib/auth/auth-client.ts']).toContain("import type auth from '#/server/auth'")
    expect(after['src/server/auth.ts']).toMatch(
      /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
    )
    expect(after['src/server/auth.ts']).toContain("import { apiTokens } from '#/lib/auth/api-tokens'")
    expect(after['src/server/auth.ts']!.endsWith('export default instance\n')).toBe(true)

    // the pathless login page is the redirect target, reached at /login
    expect(after['src/lib/auth/guards.ts']).toContain("to: '/login',")
    expect(after['src/routes/_guest/login.tsx']).toContain(
      'validateSearch: ({ redirect }: Record<string, unknown>): { redirect?: string } => ({',
    )
    expect(after['src/routes/sign-in.tsx']).toBeUndefined()
    expect(after['src/routes/sign-up.tsx']).toContain("import { authClient } from '#/lib/auth/auth-client'")

    // the destructured client cannot be imported as one object: kit-auth's own client, said so
    expect(after['src/lib/client.ts']).toBe(before['src/lib/client.ts'])
    expect(document.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('src/lib/client.ts is not exported as one object')]),
    )

    const again = init(root, ['--yes', '--no-install'])
    expect(again.stdout).toContain('Nothing to do')
    expect(snapshotTree(root)).toEqual(after)
  })

  it("adopts the app's own instance and client at kit-auth's paths (lib/auth/auth.ts, auth-client.ts), told by content", () => {
    const root = app({
      'src/lib/auth/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } })\n",
      'src/lib/auth/auth-client.ts':
        "import { createAuthClient } from 'better-auth/react'\n\nexport const authClient = createAuthClient({ baseURL: '/' })\n",
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    // the app's instance gets the plugins (no generated instance replaces it); its client is kept and extended
    expect(tree['src/lib/auth/auth.ts']).toMatch(/^import \{ betterAuth \} from 'better-auth'/m)
    expect(tree['src/lib/auth/auth.ts']).toContain('accountLockout()')
    expect(tree['src/lib/auth/auth.ts']).not.toContain('BETTER_AUTH_TRUSTED_ORIGINS')
    expect(tree['src/lib/auth/auth-client.ts']).toContain("createAuthClient({\n  baseURL: '/',")
    expect(tree['src/lib/auth/session.ts']).toContain("import { auth } from '#/lib/auth/auth'")
    expect(init(root, ['--yes', '--no-install']).stdout).toContain('Nothing to do')
  })

  it('reuses a handler inside a route group (`(auth)/api/auth/$.ts`): no second /api/auth/$ route', () => {
    const root = app({
      'src/lib/auth.ts': "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({})\n",
      'src/routes/(auth)/api/auth/$.ts':
        "import { createFileRoute } from '@tanstack/react-router'\nimport { auth } from '#/lib/auth'\n\nexport const Route = createFileRoute('/(auth)/api/auth/$')({\n  server: { handlers: { GET: ({ request }) => auth.handler(request) } },\n})\n",
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    expect(tree['src/routes/api/auth/$.ts']).toBeUndefined()
    expect(Object.keys(tree).filter((file) => file.endsWith('/api/auth/$.ts'))).toEqual([
      'src/routes/(auth)/api/auth/$.ts',
    ])
  })

  it('refuses a handler whose instance it cannot reach, saying what it found and not to use --force', () => {
    const root = app({
      'src/routes/api/auth/$.ts':
        "import { createFileRoute } from '@tanstack/react-router'\nimport { createAuth } from '@acme/auth'\n\nexport const Route = createFileRoute('/api/auth/$')({\n  server: {\n    handlers: {\n      GET: ({ request }) => {\n        const auth = createAuth()\n        return auth.handler(request)\n      },\n    },\n  },\n})\n",
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      "src/routes/api/auth/$.ts serves Better Auth through `createAuth` from '@acme/auth', but kit-auth cannot find that instance: '@acme/auth' is a package kit-auth cannot read",
    )
    expect(result.stderr).toContain('kit-auth will not replace your handler (--force would overwrite it)')
    expect(result.stderr).not.toContain('already exists with other content')
    expect(snapshotTree(root)).toEqual(before)
  })

  it('adopts `export const auth = getAuthConfig()` of a createServerOnlyFn(() => betterAuth({...})) nobody exports', () => {
    const root = app({
      'src/lib/auth/auth.ts': [
        "import { createServerOnlyFn } from '@tanstack/react-start'",
        "import { betterAuth } from 'better-auth'",
        '',
        'const getAuthConfig = createServerOnlyFn(() =>',
        '  betterAuth({ emailAndPassword: { enabled: true } }),',
        ')',
        '',
        'export const auth = getAuthConfig()',
        '',
      ].join('\n'),
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    // the exported const is the instance: imported as it is, no lib/auth/instance.ts
    expect(tree['src/lib/auth/instance.ts']).toBeUndefined()
    expect(tree['src/lib/auth/session.ts']).toContain("import { auth } from '#/lib/auth/auth'")
    expect(tree['src/lib/auth/auth.ts']).toMatch(
      /createServerOnlyFn\(\(\) =>\s+betterAuth\(\{[\s\S]*accountLockout\(\)/,
    )
    expect(tree['src/lib/auth/auth.ts']).toContain('export const auth = getAuthConfig()')
  })

  it('exports an instance that is a module-level const nobody exports', () => {
    const root = app({
      'src/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nconst auth = betterAuth({ emailAndPassword: { enabled: true } })\n\nexport const getSession = (headers: Headers) => auth.api.getSession({ headers })\n",
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(root)
    expect(after['src/auth.ts']).toContain('export const auth = betterAuth({')
    expect(after['src/lib/auth/session.ts']).toContain("import { auth } from '#/auth'")
    expect(after['src/routes/api/auth/$.ts']).toContain("import { auth } from '#/auth'")
  })

  it('refuses an instance it cannot import, naming the file, and writes nothing', () => {
    const root = app({
      'src/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nfunction makeAuth() {\n  return betterAuth({})\n}\n\nexport const handle = (request: Request) => makeAuth().handler(request)\n",
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      'src/auth.ts makes its Better Auth instance with makeAuth(), which it does not export.',
    )
    expect(snapshotTree(root)).toEqual(before)
  })

  it('adopts an instance an exported function without parameters makes (`export function makeAuth()`)', () => {
    const root = app({
      'src/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nexport function makeAuth() {\n  return betterAuth({})\n}\n",
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    expect(snapshotTree(root)['src/lib/auth/instance.ts']).toContain("import { makeAuth as appAuth } from '../../auth'")
  })

  it("adopts an instance on better-auth ~1.3.4 with that release's cookies plugin and adapter type", () => {
    const root = app({
      'src/auth.ts': "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({})\n",
    })
    const json = JSON.parse(PACKAGE_JSON) as { dependencies: Record<string, string> }
    json.dependencies['better-auth'] = '~1.3.4'
    writeFileSync(`${root}/package.json`, JSON.stringify(json, null, 2))
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    expect(tree['src/auth.ts']).toContain("import { reactStartCookies } from 'better-auth/react-start'")
    expect(tree['src/auth.ts']).toMatch(/reactStartCookies\(\),\s*\],/)
    expect(tree['src/auth.ts']).not.toContain('tanstackStartCookies')
    expect(tree['src/lib/auth/api-tokens.ts']).toContain("import type { BetterAuthPlugin, Adapter } from 'better-auth'")
    expect(tree['src/lib/auth/api-tokens.ts']).not.toContain('index: true')
    // the declared release stays: kit-auth never upgrades without being asked
    expect(JSON.parse(tree['package.json']!).dependencies['better-auth']).toBe('~1.3.4')
  })

  it('refuses a better-auth older than 1.3, with the reason and the upgrade', () => {
    const root = app({
      'src/auth.ts': "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({})\n",
    })
    const json = JSON.parse(PACKAGE_JSON) as { dependencies: Record<string, string> }
    json.dependencies['better-auth'] = '~1.2.12'
    writeFileSync(`${root}/package.json`, JSON.stringify(json, null, 2))
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      'This app asks for better-auth ~1.2.12, which allows no release from 1.3.0: the code kit-auth generates ' +
        'needs 1.3.0 or newer.',
    )
    expect(snapshotTree(root)).toEqual(before)
  })
})

describe('init fills the empty secret create --add-ons better-auth leaves in .env.local', () => {
  it('puts a fresh secret on the existing line, keeping its comment and every other line', () => {
    const original =
      '# Better Auth configuration\nBETTER_AUTH_URL=http://localhost:3000\nBETTER_AUTH_SECRET= # Generate a secret key: `npx -y @better-auth/cli secret`\n'
    const root = app({
      'src/auth.ts': "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({})\n",
      '.env.local': original,
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const env = snapshotTree(root)['.env.local']!
    expect(env).toMatch(
      /^# Better Auth configuration\nBETTER_AUTH_URL=http:\/\/localhost:3000\nBETTER_AUTH_SECRET=[0-9a-f]{64} # Generate a secret key: `npx -y @better-auth\/cli secret`\n$/,
    )
    expect(result.stdout).not.toMatch(/[0-9a-f]{64}/)
    // a re-run leaves the filled secret alone
    expect(init(root, ['--yes', '--no-install']).stdout).toContain('Nothing to do')
    expect(snapshotTree(root)['.env.local']).toBe(env)
  })
})

describe('instances a function makes, adapters kit-auth cannot migrate, stateless instances (issue 12, item 5)', () => {
  it('a per-request factory with a same-file accessor (Cloudflare D1): the generated files call the accessor', () => {
    const root = app({
      'src/lib/auth.ts': [
        "import { env } from 'cloudflare:workers'",
        "import { betterAuth } from 'better-auth'",
        "import { drizzleAdapter } from 'better-auth/adapters/drizzle'",
        "import { drizzle } from 'drizzle-orm/d1'",
        '',
        'export function getAuth(db: D1Database) {',
        "  return betterAuth({ database: drizzleAdapter(drizzle(db), { provider: 'sqlite' }), emailAndPassword: { enabled: true } })",
        '}',
        '',
        'export const auth = () => getAuth(env.DB)',
        '',
      ].join('\n'),
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    expect(tree['src/lib/auth/instance.ts']).toContain("import { auth as appAuth } from '../auth'")
    expect(tree['src/lib/auth/instance.ts']).toContain('instance = appAuth()')
    expect(tree['src/lib/auth/session.ts']).toContain("import { auth } from './instance'")
    // the plugins go into the factory's betterAuth({...}); its own database stays
    expect(tree['src/lib/auth.ts']).toMatch(
      /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\)/,
    )
    expect(tree['src/lib/auth.ts']).not.toContain('better-sqlite3')
    expect(tree['src/routes/api/auth/$.ts']).toContain("import { auth } from '#/lib/auth/instance'")
  })

  it('an instance that takes its database from cloudflare:workers: the tables are applied with wrangler, not migrate', () => {
    const d1 = (files: Record<string, string>) => {
      const root = app(files)
      const result = init(root, ['--yes', '--no-install', '--json'])
      expect(result.code, result.stderr).toBe(0)
      return parseDocument(result.stdout).nextSteps.join('\n')
    }
    const copied = d1({
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        "import { Kysely } from 'kysely'",
        "import { D1Dialect } from 'kysely-d1'",
        '',
        'export const createAuth = (env: { DB: D1Database }) =>',
        "  betterAuth({ database: { db: new Kysely({ dialect: new D1Dialect({ database: env.DB }) }), type: 'sqlite' } })",
        '',
      ].join('\n'),
      'src/routes/api/auth/$.ts': [
        "import { createFileRoute } from '@tanstack/react-router'",
        "import { env } from 'cloudflare:workers'",
        "import { createAuth } from '#/lib/auth'",
        '',
        "export const Route = createFileRoute('/api/auth/$')({",
        '  server: { handlers: { GET: ({ request }) => createAuth(env).handler(request) } },',
        '})',
        '',
      ].join('\n'),
    })
    expect(copied).toContain(
      'Then apply the auth tables yourself: your instance loads cloudflare:workers (through src/routes/api/auth/$.ts)',
    )
    expect(copied).toContain('`npx kit-auth migrate` regenerates the route tree.')
    expect(copied).not.toMatch(/run `npx kit-auth migrate` to/)
    // through a module the instance imports
    const viaModule = d1({
      'src/db.ts':
        "import { env } from 'cloudflare:workers'\nimport { Kysely } from 'kysely'\nimport { D1Dialect } from 'kysely-d1'\n\n" +
        'export const db = new Kysely({ dialect: new D1Dialect({ database: env.DB }) })\n',
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\nimport { db } from '../db'\n\n" +
        "export const auth = betterAuth({ database: { db, type: 'sqlite' } })\n",
    })
    expect(viaModule).toContain('your instance loads cloudflare:workers (through src/db.ts)')
    // an instance in Node is migrated by kit-auth as before
    const node = d1({
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\nimport Database from 'better-sqlite3'\n\n" +
        "export const auth = betterAuth({ database: new Database('auth.db') })\n",
    })
    expect(node).toContain('run `npx kit-auth migrate` to add the new auth tables')
    expect(node).not.toContain('wrangler')
  })

  it('an instance that sends emailOTP codes gets no link emails beside them, and no verify or reset pages', () => {
    const root = app({
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        "import { emailOTP } from 'better-auth/plugins'",
        '',
        'export const auth = betterAuth({',
        '  emailAndPassword: { enabled: true, requireEmailVerification: true },',
        '  plugins: [emailOTP({ sendVerificationOnSignUp: true, async sendVerificationOTP() {} })],',
        '})',
        '',
      ].join('\n'),
    })
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    expect(tree['src/lib/auth.ts']).not.toMatch(/sendVerificationEmail|sendResetPassword|emailVerification:/)
    expect(Object.keys(tree).filter((file) => /verify-email|reset-password|forgot-password/.test(file))).toEqual([])
    expect((parseDocument(result.stdout).notes ?? []).join('\n')).toContain(
      'Your instance sends emailOTP codes (src/lib/auth.ts) to verify addresses and reset passwords: kit-auth ' +
        'added no link emails beside them',
    )
  })

  it("an instance served by the app's server entry (src/server.ts): no /api/auth/$ route beside it", () => {
    const entry = (instance: string) => [
      "import handler from '@tanstack/react-start/server-entry'",
      `import { auth } from '${instance}'`,
      '',
      'export default {',
      '  fetch(request: Request) {',
      "    if (new URL(request.url).pathname.startsWith('/api/auth/')) return auth.handler(request)",
      '    return handler.fetch(request)',
      '  },',
      '}',
      '',
    ]
    const instance =
      "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } })\n"
    const root = app({ 'src/lib/auth.ts': instance, 'src/server.ts': entry('#/lib/auth').join('\n') })
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect(snapshotTree(root)['src/routes/api/auth/$.ts']).toBeUndefined()
    const document = parseDocument(result.stdout)
    expect((document.notes ?? []).join('\n')).toContain(
      'Reused your server entry src/server.ts, which serves Better Auth: kit-auth wrote no /api/auth/$ route.',
    )
    expect(document.nextSteps.join('\n')).toContain('Rate limits in src/server.ts key on the X-Forwarded-For')
    // a server entry that serves something else: kit-auth's route as usual
    const other = app({ 'src/lib/auth.ts': instance, 'src/server.ts': entry('#/lib/other').join('\n') })
    expect(init(other, ['--yes', '--no-install']).code).toBe(0)
    expect(snapshotTree(other)['src/routes/api/auth/$.ts']).toContain('auth.handler')
  })

  it('refuses a factory that needs arguments nobody supplies, saying what to export, and writes nothing', () => {
    const root = app({
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const createAuth = (env: { SECRET: string }) => betterAuth({ secret: env.SECRET })\n",
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      'src/lib/auth.ts makes its Better Auth instance with createAuth(one argument), and kit-auth cannot tell what to pass outside a request.',
    )
    expect(result.stderr).toContain('export const getAuth = () => createAuth(...)')
    expect(snapshotTree(root)).toEqual(before)
  })

  it("a factory with parameters is called the way the app's handler calls it, with the imports that call needs", () => {
    const root = app({
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        '',
        'export function createAuth(env?: { SECRET: string }) {',
        "  return betterAuth({ secret: env?.SECRET ?? 'cli', emailAndPassword: { enabled: true } })",
        '}',
        '',
        '// for the Better Auth CLI only',
        'export const auth = createAuth()',
        '',
      ].join('\n'),
      'src/routes/api/auth/$.ts': [
        "import { createFileRoute } from '@tanstack/react-router'",
        "import { env } from 'cloudflare:workers'",
        "import { createAuth } from '#/lib/auth'",
        '',
        "export const Route = createFileRoute('/api/auth/$')({",
        '  server: { handlers: { GET: ({ request }) => createAuth(env).handler(request) } },',
        '})',
        '',
      ].join('\n'),
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const instance = snapshotTree(root)['src/lib/auth/instance.ts']!
    expect(instance).toContain("import { createAuth as createAppAuth } from '../auth'")
    expect(instance).toContain("import { env } from 'cloudflare:workers'")
    expect(instance).toContain('const appAuth = () => createAppAuth(env)')
    expect(instance).not.toMatch(/createAuth\(\)/)
  })

  it("a test's call of the factory is not copied; a multi-line call stays one comment line; an awaited one is refused", () => {
    const files = (handlerArgs: string) => ({
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        '',
        'export function createAuth(env: { SECRET: string }, region?: string) {',
        "  return betterAuth({ secret: env.SECRET + (region ?? ''), emailAndPassword: { enabled: true } })",
        '}',
        '',
      ].join('\n'),
      // sorts before src/routes: a test's env must never reach the app's instance module
      'src/lib/auth.test.ts': [
        "import { env } from 'cloudflare:test'",
        "import { createAuth } from './auth'",
        '',
        "export const response = createAuth(env).handler(new Request('http://x/api/auth/ok'))",
        '',
      ].join('\n'),
      'src/routes/api/auth/$.ts': [
        "import { createFileRoute } from '@tanstack/react-router'",
        "import { env } from 'cloudflare:workers'",
        "import { REGION, getRegion } from '#/lib/region'",
        "import { createAuth } from '#/lib/auth'",
        '',
        "export const Route = createFileRoute('/api/auth/$')({",
        `  server: { handlers: { GET: async ({ request }) => createAuth(${handlerArgs}).handler(request) } },`,
        '})',
        '',
      ].join('\n'),
      'src/lib/region.ts': "export const REGION = 'eu'\nexport const getRegion = async () => REGION\n",
    })
    const root = app(files('\n    env,\n    REGION,\n  '))
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const instance = snapshotTree(root)['src/lib/auth/instance.ts']!
    expect(instance).toContain("import { env } from 'cloudflare:workers'")
    expect(instance).not.toContain('cloudflare:test')
    // the comments name the call on one line
    expect(instance).toContain('instance with createAuth(env, REGION) (src/lib/auth.ts),')
    expect(instance).toContain('const appAuth = () => createAppAuth(env, REGION)')
    expect(syntaxErrors('src/lib/auth/instance.ts', instance)).toEqual([])

    const awaited = app(files('env, await getRegion()'))
    const refused = init(awaited, ['--yes', '--no-install'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('an awaited value')
  })

  it('calls a factory as it is when the app calls it without arguments too (its default parameters)', () => {
    const root = app({
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        "import { getDb } from './db'",
        '',
        'export const getAuth = (db = getDb()) => betterAuth({ database: db })',
        '',
      ].join('\n'),
      'src/lib/db.ts': 'export const getDb = () => ({}) as never\n',
      'src/lib/session.ts':
        "import { getAuth } from './auth'\n\nexport const session = () => getAuth().api.getSession\n",
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const instance = snapshotTree(root)['src/lib/auth/instance.ts']!
    expect(instance).toContain("import { getAuth as appAuth } from '../auth'")
    expect(instance).not.toContain('createAppAuth')
  })

  it('refuses a call whose argument is a local that shadows an import of the same name (not copied as that import)', () => {
    const root = app({
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const createAuth = (env: { S: string }) => betterAuth({ secret: env.S })\n",
      'src/routes/api/auth/$.ts': [
        "import { createFileRoute } from '@tanstack/react-router'",
        "import { env } from 'cloudflare:workers'",
        "import { createAuth } from '#/lib/auth'",
        '',
        'void env',
        "export const Route = createFileRoute('/api/auth/$')({",
        '  server: {',
        '    handlers: {',
        '      GET: ({ request, context }) => {',
        '        const env = context.env',
        '        return createAuth(env).handler(request)',
        '      },',
        '    },',
        '  },',
        '})',
        '',
      ].join('\n'),
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      // the local's value, context.env, which nothing sets
      'your app calls it as `createAuth(env)` (src/routes/api/auth/$.ts), with `context.env` of that file',
    )
    expect(snapshotTree(root)).toEqual(before)
  })

  it('copies a call whose factory and bindings the app imports dynamically (`await import(...)`)', () => {
    const root = app({
      'src/lib/auth-server.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const createAuth = (env: { S: string }) => betterAuth({ secret: env.S })\n",
      'src/lib/session.ts': [
        'export async function session(request: Request) {',
        "  const { env } = await import('cloudflare:workers')",
        "  const { createAuth } = await import('./auth-server')",
        '  return createAuth(env).api.getSession({ headers: request.headers })',
        '}',
        '',
      ].join('\n'),
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
    const instance = snapshotTree(root)['src/lib/auth/instance.ts']!
    expect(instance).toContain("import { env } from 'cloudflare:workers'")
    expect(instance).toContain("import { createAuth as createAppAuth } from '../auth-server'")
    expect(instance).toContain('const appAuth = () => createAppAuth(env)')
  })

  it("refuses a factory the app calls with a request's own value, naming that call, and writes nothing", () => {
    const root = app({
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const createAuth = (env: { S: string }) => betterAuth({ secret: env.S })\n",
      'src/routes/api/auth/$.ts': [
        "import { createFileRoute } from '@tanstack/react-router'",
        "import { createAuth } from '#/lib/auth'",
        '',
        "export const Route = createFileRoute('/api/auth/$')({",
        '  server: { handlers: { GET: ({ request, context }) => createAuth(context.env).handler(request) } },',
        '})',
        '',
      ].join('\n'),
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      'src/lib/auth.ts makes its Better Auth instance with createAuth(...), and your app calls it as `createAuth(context.env)` (src/routes/api/auth/$.ts), with `context.env` of that file',
    )
    expect(snapshotTree(root)).toEqual(before)
  })

  it('refuses an instance made in an async function (a promise of it), saying why, and writes nothing', () => {
    const root = app({
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        '',
        'const loadSecret = async () => process.env.S ?? ""',
        '',
        'export async function getAuth() {',
        '  const secret = await loadSecret()',
        '  const auth = betterAuth({ secret })',
        '  return auth',
        '}',
        '',
      ].join('\n'),
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      'src/lib/auth.ts makes its Better Auth instance in an async function, getAuth(), which gives a promise of it',
    )
    expect(snapshotTree(root)).toEqual(before)
  })

  it("refuses Convex's createAuth(ctx), saying it is Convex and what kit-auth would need", () => {
    const root = app({
      'convex/auth.ts': [
        "import { createClient } from '@convex-dev/better-auth'",
        "import { betterAuth } from 'better-auth'",
        '',
        'export const createAuth = (ctx: unknown) => betterAuth({ database: createClient(ctx) })',
        '',
      ].join('\n'),
      'convex/http.ts':
        "import { createAuth } from './auth'\n\nexport const handle = (ctx: unknown, request: Request) => createAuth(ctx).handler(request)\n",
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain(
      'convex/auth.ts is a Convex instance: createAuth(ctx) needs the ctx of a Convex function',
    )
    // no Start route serves it through Convex: what kit-auth adopts a Convex app through is named
    expect(result.stderr).toContain('kit-auth adopts a Convex app through its Start route /api/auth/$')
    expect(snapshotTree(root)).toEqual(before)
  })

  it('Convex: adopted for guards and helpers; the migration is left to Convex with the reason and its command', () => {
    const root = app({
      'src/lib/auth.ts': [
        "import { convexAdapter } from '@convex-dev/better-auth'",
        "import { betterAuth } from 'better-auth'",
        "import { betterAuthComponent } from '../../convex/auth'",
        '',
        'export const auth = betterAuth({ database: convexAdapter(betterAuthComponent), emailAndPassword: { enabled: true } })',
        '',
      ].join('\n'),
    })
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout)
    const steps = document.nextSteps.join('\n')
    expect(steps).toContain('(kit-auth does not migrate Convex), then deploy it with `npx convex dev`')
    expect(steps).not.toMatch(/npx kit-auth migrate` to add/)
    expect(snapshotTree(root)['src/lib/auth.ts']).not.toContain('better-sqlite3')
  })

  it('adopts an app whose handler route serves Better Auth through Convex, even beside a Start-side stub instance', () => {
    const stub = app({
      'src/lib/auth.ts': "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({})\n",
      'src/routes/api/auth/$.ts':
        "import { createFileRoute } from '@tanstack/react-router'\nimport { reactStartHandler } from '@convex-dev/better-auth/react-start'\n\nexport const Route = createFileRoute('/api/auth/$')({\n  server: { handlers: { GET: ({ request }) => reactStartHandler(request) } },\n})\n",
    })
    // the handler's module makes it with convexBetterAuthReactStart, and no instance is in the app at all
    const imported = app({
      'src/lib/auth-server.ts':
        "import { convexBetterAuthReactStart } from '@convex-dev/better-auth/react-start'\n\nexport const { handler, getToken } = convexBetterAuthReactStart({})\n",
      'src/routes/(auth)/api/auth/$.ts':
        "import { createFileRoute } from '@tanstack/react-router'\nimport { handler } from '#/lib/auth-server'\n\nexport const Route = createFileRoute('/(auth)/api/auth/$')({\n  server: { handlers: { GET: ({ request }) => handler(request) } },\n})\n",
    })
    for (const root of [stub, imported]) {
      const result = init(root, ['--yes', '--no-install'])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain('Your Better Auth runs in Convex')
      const tree = snapshotTree(root)
      // sessions come from the Convex site (the library's default variable: neither app names one), no instance
      expect(tree['src/lib/auth/session.ts']).toContain('process.env.VITE_CONVEX_SITE_URL')
      expect(tree['src/lib/auth/session.ts']).toContain("'/get-session?disableCookieCache=true'")
      expect(tree['src/lib/auth/auth.ts']).toBeUndefined()
      expect(tree['src/lib/auth/instance.ts']).toBeUndefined()
    }
    // the stub is not the instance that serves /api/auth: left as it was
    expect(snapshotTree(stub)['src/lib/auth.ts']).toBe(
      "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({})\n",
    )
  })

  it('a stateless instance stays stateless; with --db it gets the database and everything that needs one', () => {
    const stateless =
      "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({\n  emailAndPassword: { enabled: true },\n  session: { cookieCache: { enabled: true, maxAge: 300 } },\n})\n"
    const kept = app({ 'src/lib/auth.ts': stateless })
    expect(init(kept, ['--yes', '--no-install']).code).toBe(0)
    const keptTree = snapshotTree(kept)
    expect(keptTree['src/lib/auth.ts']).not.toContain('database')
    expect(keptTree['src/lib/auth.ts']).not.toMatch(/admin\(|organization\(|apiTokens\(|deactivatedAt/)
    expect(keptTree['src/lib/auth/api-tokens.ts']).toBeUndefined()

    const withDb = app({ 'src/lib/auth.ts': stateless })
    expect(init(withDb, ['--yes', '--no-install', '--db', 'sqlite']).code).toBe(0)
    const tree = snapshotTree(withDb)
    expect(tree['src/lib/auth.ts']).toContain('database: new Database(databasePath)')
    expect(tree['src/lib/auth.ts']).toMatch(/apiTokens\(\)/)
    expect(tree['src/lib/auth.ts']).toContain('deactivatedAt')
    expect(tree['src/lib/auth/api-tokens.ts']).toBeDefined()
  })
})
