import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { snapshotTree } from '../helpers/tree.js'
import { appFrom, GUARDS, routeFile } from './helpers.js'

// These run the built CLI (`npm test` builds first).

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8')

function defaultApp(files: Record<string, string> = {}): string {
  return appFrom('default-npm', { 'src/lib/auth/guards.ts': GUARDS, ...files })
}

describe('kit-auth protect', () => {
  it('asks to run init first when there are no guards', () => {
    const root = appFrom('default-npm')
    const result = runCli(['protect', '/about', '--cwd', root])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('No guards yet: src/lib/auth/guards.ts does not exist.')
    expect(result.stderr).toContain('Run `kit-auth init` first')
  })

  it('guards a route with the app’s alias, and a second run changes nothing', () => {
    const root = defaultApp()
    const before = read(root, 'src/routes/about.tsx')
    const first = runCli(['protect', '/about', '--cwd', root])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('/about: beforeLoad: requireAuth')
    const after = read(root, 'src/routes/about.tsx')
    expect(after).toBe(
      before
        .replace(
          "from '@tanstack/react-router'\n",
          "from '@tanstack/react-router'\nimport { requireAuth } from '#/lib/auth/guards'\n",
        )
        .replace('({\n  component: About,', '({\n  beforeLoad: requireAuth,\n  component: About,'),
    )
    const again = runCli(['protect', '/about', '--cwd', root])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('already guarded by requireAuth')
    expect(again.stdout).toContain('Nothing to do')
    expect(read(root, 'src/routes/about.tsx')).toBe(after)
  })

  it('writes nothing with --dry-run, shows the diff with --diff and reports with --json', () => {
    const root = defaultApp()
    const tree = snapshotTree(root)
    const dry = runCli(['protect', '/about', '--dry-run', '--diff', '--cwd', root])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('+  beforeLoad: requireAuth,')
    expect(dry.stdout).toContain('Dry run')
    const json = runCli(['protect', '/about', '/', '--dry-run', '--json', '--cwd', root])
    const document = JSON.parse(json.stdout) as {
      ok: boolean
      guard: string
      routes: Array<{ id: string; status: string; file: string }>
      changes: Array<{ path: string; action: string }>
    }
    expect(document).toMatchObject({ ok: true, guard: 'requireAuth' })
    expect(document.routes.map((route) => [route.id, route.status, route.file])).toEqual([
      ['/about', 'added', 'src/routes/about.tsx'],
      ['/', 'added', 'src/routes/index.tsx'],
    ])
    expect(document.changes.map((change) => change.action)).toEqual(['update', 'update'])
    expect(snapshotTree(root)).toEqual(tree)
  })

  it('protects several routes in one commit, or none when one fails', () => {
    const root = defaultApp()
    const tree = snapshotTree(root)
    const failed = runCli(['protect', '/about', '/nope', '--cwd', root])
    expect(failed.code).toBe(2)
    expect(failed.stderr).toContain('No route /nope in src/routes')
    expect(failed.stderr).toMatch(/Nearest: /)
    expect(snapshotTree(root)).toEqual(tree)
    const both = runCli(['protect', '/about', '/', '--cwd', root])
    expect(both.code).toBe(0)
    expect(read(root, 'src/routes/about.tsx')).toContain('beforeLoad: requireAuth')
    expect(read(root, 'src/routes/index.tsx')).toContain('beforeLoad: requireAuth')
  })

  it('lists both files when a path is ambiguous', () => {
    const root = defaultApp({ 'src/routes/(marketing)/about.tsx': routeFile('/(marketing)/about') })
    const result = runCli(['protect', '/about', '--cwd', root])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      '/about is ambiguous: 2 files claim it: src/routes/(marketing)/about.tsx, src/routes/about.tsx',
    )
  })

  it('creates the non-lazy route file of a lazy-only route', () => {
    const root = defaultApp({
      'src/routes/reports.lazy.tsx':
        "import { createLazyFileRoute } from '@tanstack/react-router'\n\nexport const Route = createLazyFileRoute('/reports')({ component: () => null })\n",
    })
    const result = runCli(['protect', '/reports', '--cwd', root])
    expect(result.code).toBe(0)
    expect(read(root, 'src/routes/reports.tsx')).toBe(
      "import { createFileRoute } from '@tanstack/react-router'\nimport { requireAuth } from '#/lib/auth/guards'\n\nexport const Route = createFileRoute('/reports')({\n  beforeLoad: requireAuth,\n})\n",
    )
    expect(runCli(['protect', '/reports', '--cwd', root]).stdout).toContain('already guarded')
  })

  it('refuses a server-only route with the reason', () => {
    const root = defaultApp({
      'src/routes/api/health.ts':
        "import { createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/api/health')({ server: { handlers: { GET: () => new Response('ok') } } })\n",
    })
    const result = runCli(['protect', '/api/health', '--cwd', root])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('server-only route')
    expect(result.stderr).toContain('beforeLoad never runs for HTTP handlers')
  })

  it('picks guards with --guard and lists the available ones for an unknown name', () => {
    const root = defaultApp()
    expect(runCli(['protect', '/about', '--guard', 'admin', '--cwd', root]).code).toBe(0)
    expect(read(root, 'src/routes/about.tsx')).toContain('beforeLoad: requireAdminAuth')
    const missing = runCli(['protect', '/about', '--guard', 'role:editor', '--cwd', root])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('has no requireEditorAuth guard for --guard role:editor')
    expect(missing.stderr).toContain('Available: requireAuth (--guard auth), requireAdminAuth (--guard admin)')
    // another kit-auth guard: explained, replaced only with --force
    const other = runCli(['protect', '/about', '--cwd', root])
    expect(other.code).toBe(1)
    expect(other.stderr).toContain('already guarded by requireAdminAuth')
    expect(runCli(['protect', '/about', '--force', '--cwd', root]).code).toBe(0)
    const text = read(root, 'src/routes/about.tsx')
    expect(text).toContain('beforeLoad: requireAuth,')
    expect(text).not.toContain('requireAdminAuth')
  })

  it('does not depend on a stale or missing routeTree.gen.ts', () => {
    const root = defaultApp({
      'src/routeTree.gen.ts': "// stale\nexport const routeTree = createFileRoute('/gone')({})\n",
      'src/routes/settings.profile.tsx': routeFile('/settings/profile'),
    })
    expect(runCli(['protect', '/settings/profile', '--cwd', root]).code).toBe(0)
    expect(read(root, 'src/routeTree.gen.ts')).toContain('// stale')
  })

  it('refuses to guard a layout that holds the sign-in page', () => {
    const root = defaultApp({
      'src/routes/_public/route.tsx': routeFile('/_public', 'component: Page'),
      'src/routes/_public/sign-in.tsx':
        "import { createFileRoute } from '@tanstack/react-router'\nimport { redirectIfAuthenticated } from '#/lib/auth/guards'\n\nexport const Route = createFileRoute('/_public/sign-in')({ beforeLoad: redirectIfAuthenticated })\n",
    })
    const result = runCli(['protect', '/_public', '--cwd', root])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('a sign-in page')
  })

  it('refuses to guard the sign-in page the guards use, or a page signed-out visitors use, writing nothing', () => {
    const page = (id: string, call: string) =>
      `import { createFileRoute } from '@tanstack/react-router'\nimport { authClient } from '#/lib/auth-client'\n\n` +
      `export const Route = createFileRoute('${id}')({ component: () => null })\n\nvoid ${call}\n`
    const root = defaultApp({
      'src/lib/auth/session.ts': "export const SIGN_IN_PATH = '/login'\n",
      'src/routes/login.tsx': routeFile('/login', 'component: Page'),
      'src/routes/reset-password.tsx': page('/reset-password', 'authClient.resetPassword({ newPassword: "x" })'),
      'src/routes/_guest/route.tsx': routeFile('/_guest', 'component: Page'),
      'src/routes/_guest/join.tsx': page(
        '/_guest/join',
        'authClient.signUp.email({ email: "a", password: "b", name: "c" })',
      ),
      // a settings page changes the password and resends the verification email: signed-in users only
      'src/routes/settings.tsx': page('/settings', 'authClient.changePassword && authClient.sendVerificationEmail'),
    })
    const before = snapshotTree(root)
    const login = runCli(['protect', '/login', '/about', '--cwd', root])
    expect(login.code).toBe(1)
    expect(login.stderr).toContain(
      '/login (src/routes/login.tsx) is the page the guards send signed-out visitors to (SIGN_IN_PATH in ' +
        'src/lib/auth/session.ts): requireAuth on it would send signed-out visitors to sign-in',
    )
    const reset = runCli(['protect', '/reset-password', '--cwd', root])
    expect(reset.code).toBe(1)
    expect(reset.stderr).toContain('is a page for signed-out visitors (it calls `resetPassword(`)')
    const layout = runCli(['protect', '/_guest', '--cwd', root])
    expect(layout.code).toBe(1)
    expect(layout.stderr).toContain('contains /join (src/routes/_guest/join.tsx), a sign-in page')
    expect(snapshotTree(root)).toEqual(before)
    expect(runCli(['protect', '/settings', '--cwd', root]).code).toBe(0)
    expect(runCli(['protect', '/reset-password', '--force', '--cwd', root]).code).toBe(0)
  })

  it('guards a private layout that shows a sign-in form in place of its <Outlet /> to signed-out visitors, and says so', () => {
    // a client-side gate: signed in, the child routes; signed out, a form calling signIn.email in their place
    const layout =
      "import { createFileRoute, Outlet } from '@tanstack/react-router'\nimport { authClient } from '#/lib/auth-client'\n\n" +
      "export const Route = createFileRoute('/admin')({ component: Admin })\n\n" +
      'function Admin() {\n  const { data } = authClient.useSession()\n' +
      '  if (!data) return <button onClick={() => void authClient.signIn.email({ email: "a", password: "b" })} />\n' +
      '  return <Outlet />\n}\n'
    const root = defaultApp({
      'src/lib/auth/session.ts': "export const SIGN_IN_PATH = '/login'\n",
      'src/routes/admin.tsx': layout,
      'src/routes/admin/users.tsx': routeFile('/admin/users', 'component: Page'),
    })
    const result = runCli(['protect', '/admin', '--cwd', root])
    expect(result.code, result.stderr).toBe(0)
    expect(read(root, 'src/routes/admin.tsx')).toContain(
      "createFileRoute('/admin')({ beforeLoad: requireAuth, component: Admin })",
    )
    expect(result.stderr.replace(/\s+/g, ' ')).toContain(
      '/admin shows its own sign-in form (`signIn.email(`) to signed-out visitors in place of its child routes, on the ' +
        'client only: requireAuth now sends them to /login before its loaders and server rendering run.',
    )
    // the same form on a page with no outlet is a sign-in page: still refused
    const page = appFrom('default-npm', {
      'src/lib/auth/guards.ts': GUARDS,
      'src/routes/admin.tsx': layout.replace('  return <Outlet />', '  return <p>Hello</p>'),
    })
    const refused = runCli(['protect', '/admin', '--cwd', page])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('is a page for signed-out visitors (it calls `signIn.email(`)')
  })

  it('honours a custom routes directory, the @/ alias and the prettier style', () => {
    const root = appFrom('custom-dirs-at', {
      'app/lib/auth/guards.ts': GUARDS,
      'app/pages/dashboard.ts': routeFile('/dashboard', 'component: Page', '"'),
    })
    const result = runCli(['protect', '/dashboard', '--cwd', root])
    expect(result.code).toBe(0)
    expect(read(root, 'app/pages/dashboard.ts')).toContain('import { requireAuth } from "@/lib/auth/guards";\n')
    expect(read(root, 'app/pages/dashboard.ts')).toContain('  beforeLoad: requireAuth,\n  component: Page,')
  })

  it('uses relative imports in an app without an alias', () => {
    const root = appFrom('no-alias', {
      'src/lib/auth/guards.ts': GUARDS,
      'src/routes/team/$teamId.tsx': routeFile('/team/$teamId'),
    })
    expect(runCli(['protect', '/team/$teamId', '--cwd', root]).code).toBe(0)
    expect(read(root, 'src/routes/team/$teamId.tsx')).toContain("import { requireAuth } from '../../lib/auth/guards'")
  })

  it('refuses a route file that does not parse, naming where, and writes nothing (unprotect too)', () => {
    const broken =
      "import { createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/broken')({\n  loader: () => {,\n  component: Page,\n})\n"
    const root = defaultApp({ 'src/routes/broken.tsx': broken })
    const tree = snapshotTree(root)
    for (const command of ['protect', 'unprotect']) {
      const result = runCli([command, '/broken', '/about', '--cwd', root])
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/src\/routes\/broken\.tsx:4:\d+ does not parse: /)
      expect(result.stderr).toContain(`Fix the syntax error, then run kit-auth ${command} again`)
      expect(snapshotTree(root)).toEqual(tree)
    }
  })

  describe('routes the app protects by its own means', () => {
    const AUTHED =
      "import { createFileRoute, redirect } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/_authed')({\n  beforeLoad: async ({ context }) => {\n    if (!context.user) throw redirect({ to: '/login' })\n  },\n})\n"
    const ownApp = () =>
      defaultApp({
        'src/routes/_authed.tsx': AUTHED,
        'src/routes/_authed/account.tsx': routeFile('/_authed/account'),
        'src/routes/billing.tsx': routeFile('/billing', 'server: { middleware: [authMiddleware] },\n  component: Page'),
        'src/routes/billing.invoices.tsx': routeFile('/billing/invoices'),
        'src/routes/reports.tsx': routeFile(
          '/reports',
          "loader: async () => {\n    const session = await getSession()\n    if (!session) throw redirect({ to: '/login' })\n  },\n  component: Page",
        ),
      })

    it('adds no second guard: exit 0, a note naming the protection and --force, no file changed', () => {
      const root = ownApp()
      const tree = snapshotTree(root)
      const result = runCli(['protect', '/account', '/_authed', '/billing/invoices', '/reports', '--cwd', root])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(
        '= /account: already protected by own beforeLoad (from /_authed), no guard added (src/routes/_authed/account.tsx)',
      )
      expect(result.stdout).toContain('= /_authed: already protected by own beforeLoad, no guard added')
      expect(result.stdout).toContain('= /billing/invoices: already protected by server middleware (from /billing)')
      expect(result.stdout).toContain('= /reports: already protected by redirect in loader')
      expect(result.stdout).toContain('Nothing to do')
      expect(result.stderr).toContain(
        "/account is already protected by the app's own code (own beforeLoad (from /_authed): throws redirect to /login, in src/routes/_authed.tsx), so kit-auth added no guard.",
      )
      expect(result.stderr).toContain('Pass --force to add requireAuth anyway')
      expect(result.stderr).toContain('not for client-side navigation')
      expect(snapshotTree(root)).toEqual(tree)

      const json = JSON.parse(runCli(['protect', '/account', '--json', '--cwd', root]).stdout) as {
        ok: boolean
        nothingToDo: boolean
        routes: Array<{ id: string; status: string; reason: string; protection: unknown }>
      }
      expect(json).toMatchObject({ ok: true, nothingToDo: true })
      expect(json.routes).toMatchObject([
        {
          id: '/_authed/account',
          status: 'covered',
          reason: 'own beforeLoad (from /_authed)',
          protection: { kind: 'beforeLoad', from: '/_authed', file: 'src/routes/_authed.tsx' },
        },
      ])
      expect(snapshotTree(root)).toEqual(tree)
    })

    it('adds the guard with --force, or when a stronger guard is asked for', () => {
      const root = ownApp()
      const admin = runCli(['protect', '/account', '--guard', 'admin', '--cwd', root])
      expect(admin.code).toBe(0)
      expect(read(root, 'src/routes/_authed/account.tsx')).toContain('beforeLoad: requireAdminAuth')
      expect(admin.stderr).toContain("/account is also protected by the app's own code (own beforeLoad (from /_authed)")
      const forced = runCli(['protect', '/_authed', '--force', '--cwd', root])
      expect(forced.code).toBe(0)
      expect(forced.stdout).toContain('/_authed: requireAuth runs before its own beforeLoad')
      expect(read(root, 'src/routes/_authed.tsx')).toContain('await requireAuth(ctx)')
      expect(read(root, 'src/routes/_authed.tsx')).toContain("throw redirect({ to: '/login' })")
    })

    it('still refuses a covered route file that does not parse', () => {
      const root = ownApp()
      writeFileSync(path.join(root, 'src/routes/_authed/account.tsx'), `${routeFile('/_authed/account')}const = \n`)
      const tree = snapshotTree(root)
      const result = runCli(['protect', '/account', '--cwd', root])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('does not parse')
      expect(snapshotTree(root)).toEqual(tree)
    })

    it('shows them and their children as protected in kit-auth routes', () => {
      const root = ownApp()
      const result = runCli(['routes', '--cwd', root])
      expect(result.code).toBe(0)
      const lines = result.stdout.split('\n')
      expect(lines.find((line) => line.startsWith('/_authed (layout)'))).toMatch(/own beforeLoad\s+_authed\.tsx/)
      expect(lines.find((line) => line.startsWith('  /account'))).toMatch(/own beforeLoad \(from \/_authed\)/)
      expect(lines.find((line) => line.startsWith('  /billing/invoices'))).toMatch(
        /server middleware \(from \/billing\)/,
      )
      expect(lines.find((line) => line.startsWith('/reports'))).toMatch(/redirect in loader/)
      expect(lines.find((line) => line.startsWith('/about'))).toMatch(/none/)
      const json = JSON.parse(runCli(['routes', '--json', '--cwd', root]).stdout) as {
        routes: Array<{ id: string; protection: unknown }>
      }
      expect(json.routes.find((route) => route.id === '/_authed/account')).toMatchObject({
        protection: { kind: 'beforeLoad', label: 'own beforeLoad', from: '/_authed' },
      })
    })
  })

  it('needs at least one route', () => {
    expect(runCli(['protect']).code).toBe(2)
  })
})

describe('kit-auth unprotect', () => {
  it('gives every file back byte for byte', () => {
    const composed =
      "import { createFileRoute, redirect } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/beta')({\n  async beforeLoad({ context }) {\n    if (!context) throw redirect({ to: '/' })\n    return { beta: true }\n  },\n  component: () => null,\n})\n"
    const root = defaultApp({
      'src/routes/beta.tsx': composed,
      'src/routes/teams/$teamId.tsx': routeFile('/teams/$teamId'),
    })
    const tree = snapshotTree(root)
    expect(runCli(['protect', '/about', '/beta', '/teams/$teamId', '/', '--cwd', root]).code).toBe(0)
    expect(read(root, 'src/routes/beta.tsx')).toContain('async beforeLoad(ctx) { return { ...(await requireAuth(ctx))')
    const result = runCli(['unprotect', '/about', '/beta', '/teams/$teamId', '/', '--cwd', root])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('its own beforeLoad restored')
    expect(snapshotTree(root)).toEqual(tree)
    // again: nothing to do
    const again = runCli(['unprotect', '/about', '--cwd', root])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('no kit-auth guard to remove')
  })

  it('says where an inherited guard comes from', () => {
    const root = defaultApp({
      'src/routes/_authenticated/route.tsx':
        "import { Outlet, createFileRoute } from '@tanstack/react-router'\nimport { requireAuth } from '#/lib/auth/guards'\n\nexport const Route = createFileRoute('/_authenticated')({\n  beforeLoad: requireAuth,\n  component: Outlet,\n})\n",
      'src/routes/_authenticated/account.tsx': routeFile('/_authenticated/account'),
    })
    const result = runCli(['unprotect', '/account', '--cwd', root])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('/account still inherits requireAuth from /_authenticated')
  })
})

describe('kit-auth protect under a guarded layout', () => {
  const layout =
    "import { Outlet, createFileRoute } from '@tanstack/react-router'\nimport { requireAuth } from '#/lib/auth/guards'\n\n" +
    "export const Route = createFileRoute('/_authenticated')({\n  beforeLoad: requireAuth,\n  component: Outlet,\n})\n"

  it('adds no second requireAuth to a child of a layout that has it, and says so; --force adds it', () => {
    const root = defaultApp({
      'src/routes/_authenticated/route.tsx': layout,
      'src/routes/_authenticated/dashboard.tsx': routeFile('/_authenticated/dashboard'),
    })
    const tree = snapshotTree(root)
    const result = runCli(['protect', '/dashboard', '--cwd', root])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('/dashboard: already protected by requireAuth on /_authenticated, no guard added')
    expect(result.stderr).toContain('Pass --force to add requireAuth to it anyway')
    expect(snapshotTree(root)).toEqual(tree)

    const forced = runCli(['protect', '/dashboard', '--force', '--cwd', root])
    expect(forced.code, forced.stderr).toBe(0)
    expect(read(root, 'src/routes/_authenticated/dashboard.tsx')).toContain('beforeLoad: requireAuth')
  })

  it('still adds a stronger guard (admin) under a signed-in layout', () => {
    const root = defaultApp({
      'src/routes/_authenticated/route.tsx': layout,
      'src/routes/_authenticated/staff.tsx': routeFile('/_authenticated/staff'),
    })
    const result = runCli(['protect', '/staff', '--guard', 'admin', '--cwd', root])
    expect(result.code, result.stderr).toBe(0)
    expect(read(root, 'src/routes/_authenticated/staff.tsx')).toContain('beforeLoad: requireAdminAuth')
    expect(result.stderr).toContain('already inherits requireAuth from /_authenticated')
  })
})

describe('kit-auth routes', () => {
  it('prints the tree with guards and flags un-nested escapes', () => {
    const root = defaultApp({
      'src/routes/posts.tsx': routeFile('/posts', 'beforeLoad: requireAuth'),
      'src/routes/posts.$postId.tsx': routeFile('/posts/$postId'),
      'src/routes/posts_.$postId.edit.tsx': routeFile('/posts_/$postId/edit'),
    })
    writeFileSync(
      path.join(root, 'src/routes/posts.tsx'),
      read(root, 'src/routes/posts.tsx').replace(
        "'@tanstack/react-router'\n",
        "'@tanstack/react-router'\nimport { requireAuth } from '#/lib/auth/guards'\n",
      ),
    )
    const result = runCli(['routes', '--cwd', root])
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines.find((line) => line.startsWith('/posts '))).toMatch(/requireAuth\s+posts\.tsx/)
    expect(lines.find((line) => line.startsWith('  /posts/$postId'))).toMatch(/requireAuth \(from \/posts\)/)
    expect(lines.find((line) => line.startsWith('/posts/$postId/edit'))).toMatch(/none: escapes requireAuth of \/posts/)
    expect(lines.find((line) => line.startsWith('/about'))).toMatch(/none/)
    expect(result.stderr).toContain('kit-auth protect /posts/$postId/edit')

    const json = JSON.parse(runCli(['routes', '--json', '--cwd', root]).stdout) as {
      routes: Array<{ id: string; guard: string | null; escapes: unknown }>
    }
    expect(json.routes.find((route) => route.id === '/posts_/$postId/edit')).toMatchObject({
      guard: null,
      escapes: { from: '/posts', guard: 'requireAuth' },
    })
  })

  it('works before init', () => {
    const root = appFrom('default-npm')
    const result = runCli(['routes', '--cwd', root])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('no guards yet')
    expect(existsSync(path.join(root, 'src/lib/auth/guards.ts'))).toBe(false)
  })
})
