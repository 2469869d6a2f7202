/**
 * Issue 7: every fixture in fixtures/ (one per real-world setup) goes through the same run, in a
 * temp copy without installing anything:
 *
 *   kit-auth init --yes --no-install --json     exit 0 (or the precise refusal, nothing written)
 *   kit-auth protect <two routes> --json        exit 0
 *
 * and after each command: exactly the reported files changed (nothing else in the workspace),
 * every written file parses, every app-local import in them resolves to a file through the app's
 * own tsconfig (`paths` via `extends`/`references`, package.json `imports`, relative), and the
 * generated routes import the auth layer through the alias the app itself uses.
 * A fixture without a case here fails the run: new fixtures must be covered.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { planMigrate } from '../../src/plans/migrate.js'
import { AUTH_DEPENDENCIES } from '../../src/plans/versions.js'
import { inspectProject } from '../../src/project/inspect.js'
import { checkWrittenCode } from '../helpers/code-check.js'
import { runCli } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles, copyFixture, type InitDocument } from '../init/support.js'

interface Run {
  root: string
  appDir: string
  /** The app's files relative to the workspace root. */
  inRoot: (file: string) => string
  init: InitDocument & { notes?: string[] }
  /** Contents after init of every file init wrote, keyed by app-relative path. */
  written: Record<string, string>
  /** Contents after protect of the files it edited. */
  protected: Record<string, string>
}

interface Case {
  /** Where the Start app lives in the fixture. */
  app?: string
  /** Two routes to protect (URL paths or ids). */
  protect: [string, string]
  /** Added to the copy first when the fixture has too few routes: app-relative path -> content. */
  add?: Record<string, string>
  /** How the generated routes import the auth layer: an alias prefix, or `relative`. */
  alias: '#/' | '@/' | '~/' | 'relative'
  /** Where the generated routes and lib/auth live, relative to the app (defaults src/routes, src). */
  routes?: string
  /** Prepares the copy before the run (e.g. lockfile times). */
  prepare?: (root: string) => void
  /** Fixture-specific checks after both commands. */
  check?: (run: Run) => void | Promise<void>
}

const route = (id: string, name: string) => `import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('${id}')({ component: ${name} })

function ${name}() {
  return <main>${name}</main>
}
`
const ABOUT = { 'src/routes/about.tsx': route('/about', 'About') }

const note = (run: Run, start: string) => run.init.notes?.find((line) => line.startsWith(start)) ?? ''

/** The report names the package manager, where it installs and why; the install step says the same. */
function expectManager(run: Run, manager: string, reason: string): void {
  const inWorkspace = path.resolve(run.appDir) !== path.resolve(run.root)
  expect(run.init.notes).toContain(
    `Package manager: ${manager}${inWorkspace ? ` at the workspace root ${run.root}` : ''} (${reason}).`,
  )
  expect(run.init.nextSteps).toContain(
    `Install the new dependencies: \`${manager} install\`${inWorkspace ? ` at the workspace root ${run.root}` : ''}`,
  )
}

const CASES: Record<string, Case> = {
  'default-npm': { protect: ['/', '/about'], alias: '#/' },
  'toolchain-eslint': { protect: ['/', '/about'], alias: '#/' },
  'toolchain-biome': { protect: ['/', '/about'], alias: '#/' },
  'toolchain-oxlint': { protect: ['/', '/about'], alias: '#/' },
  'strict-tsconfig': { protect: ['/', '/about'], alias: '#/' },
  'blank-tilde': { protect: ['/', '/about'], add: ABOUT, alias: '~/' },
  'custom-dirs-at': {
    protect: ['/', '/about'],
    alias: '@/',
    routes: 'app/pages',
    check: (run) => {
      expect(Object.keys(run.written)).toEqual(
        expect.arrayContaining(['app/lib/auth/auth.ts', 'app/pages/sign-in.tsx', 'app/start.ts']),
      )
      expect(run.written['app/start.ts']).toContain('loggingMiddleware')
    },
  },
  'no-alias': { protect: ['/', '/about'], alias: 'relative' },
  'older-start': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expect(run.written['src/lib/auth/action-middleware.ts']).toContain('.inputValidator')
      expect(run.written['src/lib/auth/request-middleware.ts']).not.toMatch(/createCsrfMiddleware\(/)
      // zod 3 at the root: the server build bundles zod (better-auth needs zod 4)
      expect(run.written['vite.config.ts']).toContain("ssr: { noExternal: ['zod'] }")
      expect((run.init.notes ?? []).join('\n')).toContain('resolves zod 3.25.76 and better-auth needs zod 4')
    },
  },
  'pnpm-monorepo': {
    app: 'apps/web',
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expectManager(run, 'pnpm', 'package.json "packageManager" is pnpm@10.34.9')
      expect(JSON.parse(run.written['package.json']!).dependencies['better-auth']).toBeDefined()
    },
  },
  'workspace-auth-package': {
    app: 'apps/web',
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expectManager(run, 'pnpm', 'package.json "packageManager" is pnpm@10.34.9')
      // the instance, its client and the handler of packages/auth are adopted where they are
      const files = Object.keys(run.written)
      expect(files).not.toContain('src/lib/auth/auth.ts')
      expect(files).not.toContain('src/lib/auth/auth-client.ts')
      expect(files).not.toContain('src/routes/api/auth/$.ts')
      expect(run.written['../../packages/auth/src/index.ts']).toContain(
        "import { accountLockout } from './kit-auth/lockout'",
      )
      expect(files).toContain('../../packages/auth/src/kit-auth/lockout.ts')
      // the app reaches the package by its name, never by a relative path across packages
      expect(run.written['src/lib/auth/session.ts']).toContain("import { auth } from '@repo/auth'")
      expect(run.written['src/lib/auth/guards.ts']).toContain("import { authClient } from '@repo/auth/client'")
      for (const [file, text] of Object.entries(run.written))
        if (!file.startsWith('../')) expect(text, file).not.toMatch(/from '(\.\.\/)+packages\//)
      // better-auth as the package declares it (the catalog's 1.6.34)
      expect(JSON.parse(run.written['package.json']!).dependencies['better-auth']).toBe('catalog:')
    },
  },
  // the instance in packages/auth (@acme/auth), better-auth 1.5.6 from bun's catalog in the root package.json
  'bun-catalog-auth-package': {
    app: 'apps/web',
    protect: ['/', '/dashboard'],
    alias: '#/',
    check: (run) => {
      expectManager(run, 'bun', 'found bun.lock')
      const files = Object.keys(run.written)
      for (const file of ['src/lib/auth/auth.ts', 'src/lib/auth/auth-client.ts', 'src/routes/api/auth/$.ts'])
        expect(files).not.toContain(file)
      // edited where it is: kit-auth's plugins in the package's instance, their modules and packages beside it
      const instance = run.written['../../packages/auth/src/index.ts']!
      expect(instance).toContain("import { accountLockout } from './kit-auth/lockout'")
      expect(instance).toMatch(
        /plugins: \[[^\]]*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
      )
      expect(files).toContain('../../packages/auth/src/kit-auth/lockout.ts')
      const pkg = JSON.parse(run.written['../../packages/auth/package.json']!) as {
        exports: Record<string, string>
        dependencies: Record<string, string>
      }
      expect(pkg.exports['./kit-auth/*']).toBe('./src/kit-auth/*.ts')
      expect(pkg.dependencies['better-auth']).toBe('catalog:')
      // the app reaches the package by its name
      expect(run.written['src/lib/auth/session.ts']).toContain("import { auth } from '@acme/auth'")
      expect(run.written['src/lib/auth/session.ts']).toContain("from '@acme/auth/kit-auth/lockout'")
      expect(run.written['src/lib/auth/guards.ts']).toContain("import { authClient } from '@acme/auth/client'")
      for (const [file, text] of Object.entries(run.written))
        if (!file.startsWith('../')) expect(text, file).not.toMatch(/from '(\.\.\/)+packages\//)
      // the release is the catalog's: the app declares better-auth as the package does, the root is untouched
      expect(JSON.parse(run.written['package.json']!).dependencies['better-auth']).toBe('catalog:')
      expect(readFileSync(path.join(run.root, 'package.json'), 'utf8')).toBe(
        readFileSync(path.join(FIXTURES_DIR, 'bun-catalog-auth-package/package.json'), 'utf8'),
      )
      expect(note(run, 'Reused your Better Auth instance in ../../packages/auth/src/index.ts')).not.toBe('')
    },
  },
  'existing-better-auth': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      // adopted: no second instance, handler or sign-in page; the guards go to /login
      expect(Object.keys(run.written)).not.toContain('src/lib/auth/auth.ts')
      expect(Object.keys(run.written)).not.toContain('src/routes/api/auth/$.ts')
      expect(Object.keys(run.written)).not.toContain('src/routes/sign-in.tsx')
      expect(run.written['src/lib/auth.ts']).toMatch(/plugins: \[[^\]]*tanstackStartCookies\(\),?\s*\]/)
      expect(run.written['src/lib/auth/guards.ts']).toContain("'/login'")
    },
  },
  'auth-minimal': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expect(run.written['src/lib/auth.ts']).toContain("import { betterAuth } from 'better-auth/minimal'")
      expect(run.written['src/lib/auth.ts']).toMatch(
        /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
      )
      expect(Object.keys(run.written)).not.toContain('src/lib/auth/auth.ts')
    },
  },
  'auth-server-only-fn': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      // the generated files obtain the instance through getAuth(), once per request
      expect(run.written['src/lib/auth/instance.ts']).toContain("import { getAuth as appAuth } from '../auth'")
      expect(run.written['src/lib/auth/session.ts']).toContain("import { auth } from './instance'")
      // no database and a cookie cache: stateless, left so by `init --yes` (test/typecheck/adopt.heavy.test.ts adds --db)
      expect(run.written['src/lib/auth.ts']).toBeUndefined()
      expect(note(run, 'Your Better Auth instance keeps sessions in the cookie')).not.toBe('')
    },
  },
  'convex-start': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      // Better Auth runs in Convex: nothing for an instance, its handler and client kept, convex/ untouched
      expect(Object.keys(run.written).filter((file) => file.startsWith('convex/'))).toEqual([])
      for (const file of ['src/lib/auth/auth.ts', 'src/lib/auth/instance.ts', 'src/lib/auth/client-ip.ts'])
        expect(run.written[file]).toBeUndefined()
      expect(run.written['src/routes/api/auth/$.ts']).toBeUndefined()
      expect(run.written['src/lib/auth-client.ts']).toBeUndefined()
      expect(run.written['.env.local']).toBeUndefined()
      expect(run.written['package.json'] ?? '').not.toContain('better-sqlite3')
      // the choke point reads the session from the Convex site the handler module names
      expect(run.written['src/lib/auth/session.ts']).toContain('process.env.VITE_CONVEX_SITE_URL')
      expect(note(run, 'Your Better Auth runs in Convex')).toContain('src/routes/api/auth/$.ts')
      expect(note(run, 'Left out the migration')).toContain('`npx convex dev`')
      expect(run.init.nextSteps.join('\n')).not.toMatch(/kit-auth migrate/)
    },
  },
  // a custom adapter (createAdapterFactory): adopted; its tables are left to the app's own migration script
  'custom-adapter': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expect(Object.keys(run.written)).not.toContain('src/lib/auth/auth.ts')
      expect(run.written['src/lib/auth.ts']).toContain('database: storeAdapter(store),')
      expect(run.written['src/lib/auth/session.ts']).toContain("import { auth } from '#/lib/auth'")
      expect(run.written['package.json'] ?? '').not.toContain('better-sqlite3')
      const steps = run.init.nextSteps.join('\n')
      expect(steps).toContain('with your own migration, `npm run db:migrate` (kit-auth cannot migrate the database')
      expect(steps).not.toContain('run `npx kit-auth migrate` to add the new auth tables')
    },
  },
  // pathless _protected and _auth layouts with their own beforeLoad, route server middleware, a loader redirect;
  // and (added here) an _authenticated layout of its own, where kit-auth's account page goes
  'existing-protection': {
    protect: ['/', '/about'],
    alias: '#/',
    add: {
      'src/routes/_authenticated.tsx': `import { Outlet, createFileRoute, redirect } from '@tanstack/react-router'
import { getSession } from '#/lib/session'

export const Route = createFileRoute('/_authenticated')({
  beforeLoad: async () => {
    const session = await getSession()
    if (!session) throw redirect({ to: '/login' })
    return { session }
  },
  component: () => <Outlet />,
})
`,
      'src/routes/_authenticated/team.tsx': route('/_authenticated/team', 'Team'),
    },
    check: (run) => {
      // init composes nothing onto the app's own protection
      const own = [
        'src/routes/_protected/route.tsx',
        'src/routes/_auth.tsx',
        'src/routes/admin.tsx',
        'src/routes/billing.tsx',
        'src/routes/_authenticated.tsx',
      ]
      for (const file of own) expect(run.written[file], file).toBeUndefined()
      // kit-auth's account page under the app's own layout reads its session from its own requireAuth
      const account = run.written['src/routes/_authenticated/account.tsx']!
      expect(account).toContain("import { requireAuth } from '#/lib/auth/guards'")
      expect(account).toMatch(/\('\/_authenticated\/account'\)\(\{\n {2}beforeLoad: requireAuth,/)
      expect(note(run, 'Kept your own /_authenticated layout')).toBe(
        'Kept your own /_authenticated layout (src/routes/_authenticated.tsx) as it is: it already keeps signed-out ' +
          'visitors out (own beforeLoad: throws redirect to /login), so kit-auth added no second check there. The ' +
          'account page (src/routes/_authenticated/account.tsx) runs requireAuth itself for the session it shows.',
      )
      const lines = runCli(['routes'], { cwd: run.appDir }).stdout.split('\n')
      const line = (start: string) => lines.find((candidate) => candidate.startsWith(start)) ?? ''
      expect(line('/_protected (layout)')).toMatch(/own beforeLoad\s+_protected\/route\.tsx/)
      expect(line('  /dashboard')).toMatch(/own beforeLoad \(from \/_protected\)/)
      expect(line('  /settings/profile')).toMatch(/own beforeLoad \(from \/_protected\)/)
      expect(line('/_auth (layout)')).toMatch(/own beforeLoad\s+_auth\.tsx/)
      expect(line('/_authenticated (layout)')).toMatch(/own beforeLoad\s+_authenticated\.tsx/)
      expect(line('  /team')).toMatch(/own beforeLoad \(from \/_authenticated\)/)
      expect(line('  /account')).toMatch(/requireAuth/)
      expect(line('  /projects')).toMatch(/own beforeLoad \(from \/_auth\)/)
      expect(line('  /admin/users')).toMatch(/server middleware \(from \/admin\)/)
      expect(line('/billing')).toMatch(/redirect in loader/)
      expect(line('/about')).toMatch(/requireAuth/)
      // protect of a covered child adds no second guard; --force does
      const tree = snapshotTree(run.root)
      const covered = runCli(['protect', '/dashboard', '/projects', '/admin/users', '/billing', '/team', '--json'], {
        cwd: run.appDir,
      })
      expect(covered.code).toBe(0)
      const document = JSON.parse(covered.stdout) as { routes: { status: string; reason: string }[] }
      expect(document.routes).toMatchObject([
        { status: 'covered', reason: 'own beforeLoad (from /_protected)' },
        { status: 'covered', reason: 'own beforeLoad (from /_auth)' },
        { status: 'covered', reason: 'server middleware (from /admin)' },
        { status: 'covered', reason: 'redirect in loader' },
        { status: 'covered', reason: 'own beforeLoad (from /_authenticated)' },
      ])
      expect(snapshotTree(run.root)).toEqual(tree)
      const forced = runCli(['protect', '/settings/profile', '--force', '--json'], { cwd: run.appDir })
      expect(forced.code).toBe(0)
      expect(changedFiles(tree, snapshotTree(run.root))).toEqual(['src/routes/_protected/settings/profile.tsx'])
      const profile = readFileSync(path.join(run.appDir, 'src/routes/_protected/settings/profile.tsx'), 'utf8')
      expect(profile).toContain('beforeLoad: requireAuth')
      expectSound(run.appDir, { 'src/routes/_protected/settings/profile.tsx': profile })
    },
  },
  'auth-stateless': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      // no database is added, and nothing that needs one
      expect(run.written['src/lib/auth.ts']).toBeUndefined()
      expect(Object.keys(run.written).filter((file) => /api-tokens/.test(file))).toEqual([])
      expect(run.written['src/lib/auth/session.ts']).not.toContain('deactivatedAt')
      expect(run.written['package.json'] ?? '').not.toContain('better-sqlite3')
      expect(note(run, 'Your Better Auth instance keeps sessions in the cookie')).toContain(
        'Pass --db sqlite or --db postgres',
      )
    },
  },
  'better-auth-1-3': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      // adopted on its own release: 1.3's cookies plugin kept last, 1.3's adapter type, no upgrade
      expect(Object.keys(run.written)).not.toContain('src/lib/auth/auth.ts')
      expect(run.written['src/lib/auth.ts']).toMatch(
        /plugins: \[[^\]]*apiTokens\(\),\s*accountLockout\(\),\s*reactStartCookies\(\),?\s*\]/,
      )
      expect(run.written['src/lib/auth.ts']).not.toContain('tanstack-start')
      expect(run.written['src/lib/auth/api-tokens.ts']).toContain('Adapter,')
      expect(run.written['package.json'] ?? '').not.toContain('"better-auth": "^1.7')
    },
  },
  'drizzle-sqlite': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expect(run.written['src/lib/auth/auth.ts']).toContain('drizzleAdapter(db')
      expect(run.init.nextSteps.join('\n')).toContain('drizzle-kit')
    },
  },
  'yarn-berry': {
    protect: ['/', '/about'],
    add: ABOUT,
    alias: '#/',
    check: (run) => expectManager(run, 'yarn', 'package.json "packageManager" is yarn@4.12.0; yarn berry'),
  },
  'yarn-classic': {
    protect: ['/', '/about'],
    add: ABOUT,
    alias: '#/',
    check: (run) => expectManager(run, 'yarn', 'found yarn.lock; yarn classic, as yarn.lock is in the v1 format'),
  },
  'bun-text': {
    protect: ['/', '/about'],
    add: ABOUT,
    alias: '#/',
    check: (run) => expectManager(run, 'bun', 'found bun.lock'),
  },
  'npm-workspace': {
    app: 'apps/web',
    protect: ['/', '/about'],
    add: ABOUT,
    alias: '#/',
    check: (run) => {
      expectManager(run, 'npm', 'found package-lock.json')
      // the new deps land in the app's package.json, never the workspace root's
      expect(readFileSync(path.join(run.root, 'package.json'), 'utf8')).not.toContain('better-auth')
    },
  },
  // yarn.lock is newer than package-lock.json in a fresh copy only by chance: the case sets both times
  'two-lockfiles': {
    protect: ['/', '/about'],
    add: ABOUT,
    alias: '#/',
    prepare: (root) => {
      utimesSync(path.join(root, 'package-lock.json'), 1_000_000, 1_000_000)
      utimesSync(path.join(root, 'yarn.lock'), 2_000_000, 2_000_000)
    },
    check: (run) =>
      expectManager(
        run,
        'yarn',
        'found yarn.lock and package-lock.json; picked yarn.lock, the most recently modified; pass --package-manager to choose; yarn classic, as yarn.lock is in the v1 format',
      ),
  },
  'no-lockfile': {
    protect: ['/', '/about'],
    add: ABOUT,
    alias: '#/',
    check: (run) => expectManager(run, 'npm', 'no lockfile found; defaulting to npm; pass --package-manager to choose'),
  },
  'yarn-workspace': {
    app: 'apps/web',
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expectManager(run, 'yarn', 'package.json "packageManager" is yarn@4.18.1; yarn berry')
      expect(JSON.parse(run.written['package.json']!).dependencies['@repo/ui']).toBe('workspace:*')
      // Yarn 4.14+ builds no dependency by default: better-sqlite3 is allowed at the project root
      expect(JSON.parse(readFileSync(path.join(run.root, 'package.json'), 'utf8')).dependenciesMeta).toEqual({
        'better-sqlite3': { built: true },
      })
    },
  },
  'bun-workspace': {
    app: 'apps/web',
    protect: ['/', '/dashboard'],
    alias: '#/',
    check: (run) => expectManager(run, 'bun', 'found bun.lock'),
  },
  'bun-binary': {
    protect: ['/', '/dashboard'],
    alias: '#/',
    check: (run) => expectManager(run, 'bun', 'found bun.lockb'),
  },
  'pnpm-two-apps': {
    app: 'apps/admin',
    protect: ['/', '/users'],
    alias: '#/',
    check: (run) => {
      expectManager(run, 'pnpm', 'package.json "packageManager" is pnpm@10.34.9')
      expect(run.init.nextSteps.join('\n')).toContain('http://localhost:3001/sign-up')
      expect(readFileSync(path.join(run.root, 'pnpm-workspace.yaml'), 'utf8')).toMatch(
        /allowBuilds:[\s\S]*better-sqlite3: true/,
      )
    },
  },
  // issue 12, item 4: the sibling apps/admin locks better-auth 1.6.34 and has its instance; apps/web has no Better Auth
  'monorepo-sibling-better-auth': {
    app: 'apps/web',
    protect: ['/', '/dashboard'],
    alias: '#/',
    check: (run) => {
      expectManager(run, 'pnpm', 'package.json "packageManager" is pnpm@10.34.9')
      // neither refused nor adopting the sibling: kit-auth's pinned release, its own instance in web
      expect(JSON.parse(run.written['package.json']!).dependencies['better-auth']).toBe(
        AUTH_DEPENDENCIES['better-auth'],
      )
      expect(run.written['src/lib/auth/auth.ts']).toContain('betterAuth(')
      expect(run.written['src/lib/auth/auth.ts']).toMatch(/tanstackStartCookies\(\),?\s*\]/)
      expect(run.written['src/routes/api/auth/$.ts']).toContain('#/lib/auth/auth')
      for (const text of Object.values(run.written)) expect(text).not.toMatch(/admin\/src|apps\/admin/)
      expect(Object.keys(run.written).filter((file) => file.startsWith('../'))).toEqual([])
      expect(readFileSync(path.join(run.root, 'apps/admin/package.json'), 'utf8')).toBe(
        readFileSync(path.join(FIXTURES_DIR, 'monorepo-sibling-better-auth/apps/admin/package.json'), 'utf8'),
      )
    },
  },
  'routes-zoo': {
    protect: ['/$lang/about', '/settings'],
    alias: '#/',
    check: (run) => {
      expect(Object.keys(run.protected).sort()).toEqual([
        'src/routes/$lang/about.tsx',
        'src/routes/_app/_dashboard/_panel/settings.tsx',
      ])
      // exactly the router's routes: no `-` file, no css, nothing from the other `routes` folders
      const listed = runCli(['routes', '--json'], { cwd: run.appDir })
      const ids = (JSON.parse(listed.stdout) as { routes: { id: string }[] }).routes.map((found) => found.id)
      expect(ids.filter((id) => !/sign-|api\/auth|_authenticated/.test(id)).sort()).toEqual(
        [
          '/',
          '/$lang',
          '/$lang/',
          '/$lang/about',
          '/(marketing)/pricing',
          '/_app',
          '/_app/_dashboard',
          '/_app/_dashboard/_panel',
          '/_app/_dashboard/_panel/settings',
          '/_app/_dashboard/reports',
          '/about',
          // the account emails' pages, beside the sign-in page
          '/forgot-password',
          '/posts',
          '/posts/',
          '/posts/$postId',
          '/reset-password',
          '/verify-email',
        ].sort(),
      )
    },
  },
  'adopt-guest-login': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      const written = Object.keys(run.written)
      // no second instance, handler, client or sign-in page; only the email packages to install
      expect(dependenciesAdded('adopt-guest-login', run)).toEqual(['nodemailer', 'resend'])
      for (const file of [
        'src/lib/auth/auth.ts',
        'src/routes/api/auth/$.ts',
        'src/lib/auth/auth-client.ts',
        'src/routes/sign-in.tsx',
      ])
        expect(written).not.toContain(file)
      expect(run.written['src/lib/auth/session.ts']).toContain("from '#/server/auth.server'")
      expect(run.written['src/server/auth.server.ts']).toMatch(
        /plugins: \[\s*organization\(\),\s*admin\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
      )
      expect(run.written['src/server/auth.server.ts']).toContain("database: new Database('./sqlite.db')")
      expect(run.written['src/lib/auth/guards.ts']).toContain("'/login'")
      expect(run.written['src/routes/_guest/login.tsx']).toContain('validateSearch')
      // its own handler is kept: how to give it the client address rate limits can trust
      expect(run.init.nextSteps[0]).toMatch(/^Rate limits in src\/routes\/api\.auth\.\$\.ts .*withClientIp/)
      // the app's own sign-in page: the two lines that link it to /forgot-password
      expect(run.init.nextSteps.slice(1, 4)).toEqual([
        'Add to your sign-in page (src/routes/_guest/login.tsx): ' +
          "`import { ForgotPasswordLink } from '#/lib/auth/components/forgot-password-link'` and `<ForgotPasswordLink />`.",
        'Install the new dependencies: `npm install`',
        'Then run `npx kit-auth migrate` to add the new auth tables and columns to your database (it also regenerates the route tree).',
      ])
      // with the dependencies already installed (and no email packages), the migrate step comes first
      const installed = copyFixture('adopt-guest-login')
      copies.push(installed)
      for (const name of ['better-auth', 'better-sqlite3']) {
        mkdirSync(path.join(installed, 'node_modules', name), { recursive: true })
        writeFileSync(path.join(installed, 'node_modules', name, 'package.json'), `{"name":"${name}"}`)
      }
      const again = runCli(['init', '--yes', '--no-install', '--no-email', '--json'], { cwd: installed })
      expect((JSON.parse(again.stdout) as InitDocument).nextSteps[1]).toBe(
        'Run `npx kit-auth migrate` to add the new auth tables and columns to your database (it also regenerates the route tree).',
      )
    },
  },
  'prisma-app': {
    protect: ['/about', '/demo/prisma'],
    alias: '#/',
    check: (run) => {
      expect(run.written['src/lib/auth/auth.ts']).toContain("prismaAdapter(prisma, { provider: 'postgresql' })")
      expect(run.written['src/lib/auth/auth.ts']).toContain("from '#/db'")
      expect(run.written['prisma/schema.prisma']!.match(/^model User \{/gm)).toHaveLength(1)
      // the app's own scripts load DATABASE_URL from .env.local; Prisma 7's migrate no longer generates the client
      expect(run.init.nextSteps.join('\n')).toContain(
        '`npm run db:migrate`, then regenerate the client: `npm run db:generate`',
      )
      expect(JSON.parse(run.written['package.json']!).dependencies['better-sqlite3']).toBeUndefined()
    },
  },
  'pg-app': {
    protect: ['/todos', '/about'],
    alias: '#/',
    check: (run) => {
      expect(run.written['src/lib/auth/auth.ts']).toContain('new Pool({ connectionString, max })')
      expect(run.written['.env.local']).toContain('DATABASE_URL=')
      expect(JSON.parse(run.written['package.json']!).dependencies['better-sqlite3']).toBeUndefined()
    },
  },
  'clerk-start': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      // merged into the async createStart: headers first, the app's own CSRF kept (not a second one), Clerk and functionMiddleware kept
      expect(run.written['src/start.ts']).toContain(
        'requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, clerkMiddleware()]',
      )
      expect(run.written['src/start.ts']).toContain('functionMiddleware: [serverFnTimingMiddleware]')
      expect(run.written['src/start.ts']).toContain(
        "import { securityHeadersMiddleware } from '#/lib/auth/request-middleware'",
      )
      expect(note(run, 'Clerk (@clerk/tanstack-react-start) is also set up')).not.toBe('')
      expect(note(run, 'Kept the CSRF middleware (createCsrfMiddleware) already in src/start.ts')).not.toBe('')
    },
  },
  // Clerk's <SignIn /> at the catch-all /sign-in/$ (which answers /sign-in): left alone, kit-auth's pages go to /auth/
  'clerk-sign-in': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      const written = Object.keys(run.written)
      // no sign-in.tsx or sign-up.tsx beside Clerk's pages (each would become a catch-all's parent)
      expect(written.filter((file) => /^src\/routes\/sign-(in|up)/.test(file))).toEqual([])
      for (const file of ['src/routes/sign-in.$.tsx', 'src/routes/sign-up.$.tsx'])
        expect(readFileSync(path.join(run.appDir, file), 'utf8')).toBe(
          readFileSync(path.join(FIXTURES_DIR, 'clerk-sign-in', file), 'utf8'),
        )
      expect(written).toEqual(expect.arrayContaining(['src/routes/auth/sign-in.tsx', 'src/routes/auth/sign-up.tsx']))
      expect(run.written['src/lib/auth/session.ts']).toContain("export const SIGN_IN_PATH = '/auth/sign-in'")
      expect(run.written['src/lib/auth/guards.ts']).toContain("to: '/auth/sign-in'")
      expect(run.written['src/lib/auth/guards.ts']).not.toContain("'/sign-in'")
      expect(
        note(run, 'Left alone: /sign-in (src/routes/sign-in.$.tsx), which does not sign in through Better Auth'),
      ).toContain("kit-auth's sign-in page is /auth/sign-in")
      expect(note(run, 'Clerk (@clerk/tanstack-react-start) is also set up')).not.toBe('')
      expect(run.init.nextSteps.join('\n')).toContain('http://localhost:3000/auth/sign-up')
    },
  },
  // a shop's own /sign-in and /sign-up (no Better Auth): left alone, kit-auth's pages go to /auth/
  'foreign-sign-in': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      const written = Object.keys(run.written)
      expect(written).not.toContain('src/routes/sign-in.tsx')
      expect(written).not.toContain('src/routes/sign-up.tsx')
      expect(written).toContain('src/routes/auth/sign-in.tsx')
      expect(written).toContain('src/routes/auth/sign-up.tsx')
      expect(run.written['src/lib/auth/guards.ts']).toContain("'/auth/sign-in'")
      expect(
        note(run, 'Left alone: /sign-in (src/routes/sign-in.tsx), which does not sign in through Better Auth'),
      ).not.toBe('')
    },
  },
  'sentry-start': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      // Sentry's global middleware stays the first entry, as Sentry requires
      expect(run.written['src/start.ts']).toMatch(
        /requestMiddleware: \[\s*sentryGlobalRequestMiddleware,\s*securityHeadersMiddleware,\s*csrfMiddleware,?\s*\]/,
      )
      expect(run.written['src/start.ts']).toContain('functionMiddleware: [sentryGlobalFunctionMiddleware]')
      expect(Object.keys(run.written)).not.toContain('vite.config.ts')
    },
  },
  // the alias is found through tsconfig.json `references` -> tsconfig.app.json `extends` -> tsconfig.base.json (JSONC)
  'tsconfig-references': { protect: ['/', '/about'], alias: '~/' },
  'vite-alias': { protect: ['/', '/about'], alias: '@/' },
  // both `#/` and `@/` declared; the app's code uses `@/`
  'both-aliases': { protect: ['/', '/about'], alias: '@/' },
  // Cloudflare Workers has no disk for a SQLite file: Postgres by default, and the report says why
  'cloudflare-app': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expect(run.written['src/lib/auth/auth.ts']).toContain('new Pool({ connectionString, max })')
      expect(run.written['src/lib/auth/auth.ts']).not.toContain('mkdirSync')
      expect(JSON.parse(run.written['package.json']!).dependencies.pg).toBeDefined()
      expect(JSON.parse(run.written['package.json']!).dependencies['better-sqlite3']).toBeUndefined()
      // a Worker ends with the response: emails are handed to waitUntil from cloudflare:workers
      expect(run.written['src/lib/auth/email.ts']).toContain("const workers = 'cloudflare:workers'")
      expect(run.written['src/lib/auth/email.ts']).toContain('module.waitUntil?.(task)')
      expect(note(run, 'This app deploys to Cloudflare Workers (wrangler.jsonc)')).toContain(
        'Better Auth uses Postgres',
      )
    },
  },
  // Better Auth on D1 made per request, getAuth(env.DB) with env from cloudflare:workers, as the handler calls it
  'cloudflare-d1-factory': {
    protect: ['/', '/about'],
    alias: '#/',
    check: async (run) => {
      // the session helpers obtain the instance the way the handler does, once per request
      const instance = run.written['src/lib/auth/instance.ts'] ?? ''
      expect(instance).toContain("import { env } from 'cloudflare:workers'")
      expect(instance).toContain("import { getAuth as createAppAuth } from '../auth'")
      expect(instance).toContain('const appAuth = () => createAppAuth(env.DB)')
      expect(run.written['src/lib/auth/session.ts']).toContain("import { auth } from './instance'")
      // the factory's betterAuth({...}) gets the plugins and keeps its D1 database; no second database
      expect(run.written['src/lib/auth.ts']).toContain('database: db,')
      expect(run.written['src/lib/auth.ts']).toMatch(
        /plugins: \[[^\]]*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
      )
      for (const file of ['src/lib/auth/auth.ts', 'src/routes/api/auth/$.ts'])
        expect(run.written[file], file).toBeUndefined()
      const dependencies = JSON.parse(run.written['package.json']!).dependencies as Record<string, string>
      expect(dependencies['better-sqlite3']).toBeUndefined()
      expect(dependencies.pg).toBeUndefined()
      // emails outlive the response through waitUntil on Workers
      expect(run.written['src/lib/auth/email.ts']).toContain("const workers = 'cloudflare:workers'")
      // migrate's answer (it loads kit-auth's instance.ts): no tables migrated in Node; the SQL goes through wrangler
      const plan = planMigrate(await inspectProject(run.appDir), (file) => {
        const at = path.join(run.appDir, file)
        return existsSync(at) ? readFileSync(at, 'utf8') : null
      })
      expect(plan).toMatchObject({ migrate: false, workers: 'src/lib/auth/instance.ts' })
      expect(plan.done).toContain('npx wrangler d1 migrations apply <database>')
      expect(run.init.nextSteps.join('\n')).toContain(
        'your instance loads cloudflare:workers (through src/routes/api/auth/$.ts)',
      )
      expect(run.init.nextSteps.join('\n')).not.toMatch(/run `npx kit-auth migrate` to/)
    },
  },
  // getAuth(context.env): the request context's env is what the Worker's own fetch(request, env) passes in
  'cloudflare-context-env': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      const instance = run.written['src/lib/auth/instance.ts'] ?? ''
      expect(instance).toContain("import { env } from 'cloudflare:workers'")
      expect(instance).toContain("import { getAuth as createAppAuth } from '../auth'")
      expect(instance).toContain('const appAuth = () => createAppAuth(env)')
      // the exported memo is the accessor, not the unexported function that calls betterAuth
      const auth = run.written['src/lib/auth.ts'] ?? ''
      expect(auth).toContain('type AuthInstance = ReturnType<typeof createAuthInstance>')
      expect(auth).toContain('function createAuthInstance(env: Env, secret: string) {')
      expect(auth).toContain('export function getAuth(env: Env): AuthInstance {')
      // its cookies plugin, held in a const, moves last; no second one
      expect(auth).toMatch(/plugins: \[[^\]]*accountLockout\(\),\s*cookies,?\s*\]/)
      expect(auth.match(/tanstackStartCookies\(\)/g)).toHaveLength(1)
      expect((run.init.notes ?? []).join('\n')).toContain('Removed the annotation AuthInstance')
      // its CLI twin is left as it is, and the report says what to add there
      expect(run.written['src/lib/auth.cli.ts']).toBeUndefined()
      expect(run.init.nextSteps.join('\n')).toContain(
        "src/lib/auth.cli.ts also makes a Better Auth instance (often a config for Better Auth's CLI): kit-auth " +
          'changed only src/lib/auth.ts, the one your app serves. Add admin(), organization()',
      )
      expect(run.written['src/routes/api/auth/$.ts']).toBeUndefined()
      expect(run.written['src/server.ts']).toBeUndefined()
    },
  },
  // createAuth(context.db) in a middleware: db is what the database middleware puts there, made from imports
  'middleware-context-db': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      const instance = run.written['src/lib/auth/instance.ts'] ?? ''
      expect(instance).toContain("import { env } from 'cloudflare:workers'")
      expect(instance).toContain("import { createDB } from '../../db'")
      expect(instance).toContain('const appAuth = () => createAppAuth(createDB(env.DB))')
      expect(instance).toContain('the way your app obtains it (src/middlewares/better-auth.ts)')
      for (const file of ['src/middlewares/better-auth.ts', 'src/middlewares/database.ts', 'src/routes/api/auth/$.ts'])
        expect(run.written[file], file).toBeUndefined()
      const dependencies = JSON.parse(run.written['package.json']!).dependencies as Record<string, string>
      expect(dependencies['better-sqlite3']).toBeUndefined()
    },
  },
  // options returned by a same-file function, the instance a local the factory returns, called with a fetch's locals
  'worker-auth-service': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      const instance = run.written['src/lib/auth/instance.ts'] ?? ''
      expect(instance).toContain("import { env } from 'cloudflare:workers'")
      expect(instance).toContain("import { createMailer } from '../mailer'")
      expect(instance).toMatch(
        /createAppAuth\(\{\s*db: env\.DB,\s*secret: env\.BETTER_AUTH_SECRET,\s*mailer: createMailer\(\),?\s*\}\)/,
      )
      expect(instance).toContain('Better Auth instance with createAuthService(...) (src/lib/auth.ts)')
      // the plugins go into the options the function returns
      const auth = run.written['src/lib/auth.ts'] ?? ''
      expect(auth).toMatch(
        /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
      )
      expect(auth).toContain('} satisfies BetterAuthOptions')
      for (const file of ['src/server.ts', 'src/routes/api/auth/$.ts']) expect(run.written[file], file).toBeUndefined()
    },
  },
  // a Node server: SQLite stays the default, and no host note
  'nitro-app': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expect(run.written['src/lib/auth/auth.ts']).toContain('better-sqlite3')
      expect(note(run, 'This app deploys to')).toBe('')
    },
  },
  // an adopted instance without a database takes the app's Drizzle db, not a SQLite file next to its Postgres
  'adopt-drizzle': {
    protect: ['/', '/about'],
    alias: '#/',
    check: (run) => {
      expect(Object.keys(run.written)).not.toContain('src/lib/auth/auth.ts')
      expect(run.written['src/lib/auth.ts']).toContain(
        "database: drizzleAdapter(db, { provider: 'pg', schema: authSchema })",
      )
      expect(run.written['src/lib/auth.ts']).toContain("import * as authSchema from '#/db/auth-schema'")
      expect(run.written['src/db/auth-schema.ts']).toContain('pgTable')
      expect(run.written['src/db/schema.ts']).toContain("export * from './auth-schema'")
      // no driver to add (better-auth is there already): only the email packages
      expect(dependenciesAdded('adopt-drizzle', run)).toEqual(['nodemailer', 'resend'])
      expect(run.init.nextSteps.join('\n')).toContain('drizzle-kit')
    },
  },
}

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

it('every fixture has a case here', () => {
  const fixtures = readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
  expect(fixtures.filter((name) => !(name in CASES))).toEqual([])
})

/** The dependencies init added to the fixture's package.json (sorted names). */
function dependenciesAdded(fixture: string, run: Run): string[] {
  const names = (text: string | undefined) =>
    Object.keys((JSON.parse(text ?? '{}') as { dependencies?: Record<string, string> }).dependencies ?? {})
  const before = new Set(names(readFileSync(path.join(FIXTURES_DIR, fixture, 'package.json'), 'utf8')))
  return names(run.written['package.json'])
    .filter((name) => !before.has(name))
    .sort()
}

/** Asserts the written files parse and their app-local imports resolve; returns the imports. */
function expectSound(appDir: string, contents: Record<string, string>) {
  const { errors, imports } = checkWrittenCode(appDir, contents)
  expect(errors).toEqual([])
  expect(imports.filter((found) => !found.resolved).map((found) => `${found.file} imports ${found.specifier}`)).toEqual(
    [],
  )
  return imports
}

describe.each(Object.entries(CASES))('%s', (name, fixture) => {
  it(`init --yes --no-install, then protect ${fixture.protect.join(' ')}: only the planned files change, all parse, imports resolve`, async () => {
    const root = copyFixture(name)
    copies.push(root)
    const app = fixture.app ?? '.'
    const appDir = path.join(root, app)
    for (const [file, text] of Object.entries(fixture.add ?? {})) {
      mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true })
      writeFileSync(path.join(appDir, file), text)
    }
    fixture.prepare?.(root)
    const inRoot = (file: string) => path.posix.normalize(path.posix.join(app, file))
    const before = snapshotTree(root)

    const init = runCli(['init', '--yes', '--no-install', '--json'], { cwd: appDir })
    expect(init.stderr).toBe('')
    expect(init.code).toBe(0)
    const document = JSON.parse(init.stdout) as Run['init']
    const writtenPaths = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    const afterInit = snapshotTree(root)
    expect(changedFiles(before, afterInit)).toEqual(writtenPaths.map(inRoot).sort())
    const written = Object.fromEntries(writtenPaths.map((file) => [file, afterInit[inRoot(file)]!]))
    const imports = expectSound(appDir, written)
    expect(imports.length).toBeGreaterThan(5)

    // a newly added better-sqlite3 may compile its addon: each package manager's allowance is in place
    const appManifest = JSON.parse(written['package.json'] ?? before[inRoot('package.json')]!) as {
      dependencies?: Record<string, string>
    }
    if (appManifest.dependencies?.['better-sqlite3'] && !before[inRoot('package.json')]!.includes('better-sqlite3')) {
      const manager = /^Package manager: (\w+)/.exec(note({ init: document } as Run, 'Package manager:'))?.[1]
      const rootManifest = afterInit['package.json']!
      if (manager === 'npm') expect(JSON.parse(rootManifest).allowScripts).toMatchObject({ 'better-sqlite3': true })
      else if (manager === 'yarn' && note({ init: document } as Run, 'Package manager:').includes('yarn berry'))
        expect(JSON.parse(rootManifest).dependenciesMeta).toMatchObject({ 'better-sqlite3': { built: true } })
      else if (manager === 'pnpm')
        expect(`${afterInit['pnpm-workspace.yaml'] ?? ''}${rootManifest}`).toMatch(/better-sqlite3/)
    }

    // the generated routes reach the auth layer through the app's own alias: kit-auth's layout, or (under the
    // app's own guarded layout) the account page
    const routesDir = fixture.routes ?? 'src/routes'
    const ownLayout = written[`${routesDir}/_authenticated/route.tsx`] === undefined
    const layout = `${routesDir}/_authenticated/${ownLayout ? 'account' : 'route'}.tsx`
    const guardImport = imports.find((found) => found.file === layout && /lib\/auth\/guards$/.test(found.specifier))
    expect(guardImport, `${layout} imports the guards`).toBeDefined()
    if (fixture.alias === 'relative') expect(guardImport!.specifier).toMatch(/^\.\.?\//)
    else expect(guardImport!.specifier.startsWith(fixture.alias), guardImport!.specifier).toBe(true)

    const protect = runCli(['protect', ...fixture.protect, '--json'], { cwd: appDir })
    expect(protect.stderr).toBe('')
    expect(protect.code).toBe(0)
    const guarded = JSON.parse(protect.stdout) as {
      routes: { status: string; file: string }[]
      changes: { path: string }[]
    }
    expect(guarded.routes.map((found) => found.status)).toEqual(['added', 'added'])
    const edited = guarded.changes.map((change) => change.path)
    expect(edited.length).toBe(2)
    const afterProtect = snapshotTree(root)
    expect(changedFiles(afterInit, afterProtect)).toEqual(edited.map(inRoot).sort())
    const protectedFiles = Object.fromEntries(edited.map((file) => [file, afterProtect[inRoot(file)]!]))
    expectSound(appDir, protectedFiles)
    for (const text of Object.values(protectedFiles)) expect(text).toMatch(/beforeLoad: require\w*Auth/)

    // re-running init changes nothing
    const again = runCli(['init', '--yes', '--no-install', '--json'], { cwd: appDir })
    expect(again.code).toBe(0)
    expect(snapshotTree(root)).toEqual(afterProtect)

    await fixture.check?.({ root, appDir, inRoot, init: document, written, protected: protectedFiles })
  })
})

/** At a workspace root kit-auth refuses, names every Start app with the --cwd to use, and writes nothing. */
const WORKSPACE_ROOTS: Record<string, string[]> = {
  'pnpm-monorepo': ['apps/web'],
  'npm-workspace': ['apps/web'],
  'yarn-workspace': ['apps/web'],
  'bun-workspace': ['apps/web'],
  'bun-catalog-auth-package': ['apps/web'],
  'pnpm-two-apps': ['apps/admin', 'apps/web'],
  'monorepo-sibling-better-auth': ['apps/admin', 'apps/web'],
}

describe.each(Object.entries(WORKSPACE_ROOTS))('%s root', (name, apps) => {
  it(`init and protect refuse, listing ${apps.join(', ')}`, () => {
    const root = copyFixture(name)
    copies.push(root)
    const before = snapshotTree(root)
    const init = runCli(['init', '--yes', '--no-install'], { cwd: root })
    expect(init.code).toBe(1)
    const found = apps.length === 1 ? `Start app found: ${apps[0]}` : `Start apps found: ${apps.join(', ')}`
    expect(init.stderr).toContain(`${root} is a workspace root, not a TanStack Start app; ${found}`)
    expect(init.stderr).toContain(
      apps.length === 1
        ? `Run again with --cwd ${apps[0]}.`
        : `Run again with one of: ${apps.map((app) => `--cwd ${app}`).join(', ')}.`,
    )
    const protect = runCli(['protect', '/'], { cwd: root })
    expect(protect.code).toBe(1)
    expect(protect.stderr).toContain('is a workspace root')
    expect(snapshotTree(root)).toEqual(before)
  })
})
