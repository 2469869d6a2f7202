import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.js'
import { discoverRoutes } from '../../src/routes/discover.js'
import { resolveGuard, scanGuard, scanGuardNames, scanRoute } from '../../src/routes/guards.js'
import { reportRoutes, treeOrder } from '../../src/routes/report.js'

const created: string[] = []
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true })
})

const GUARDS = new Set(['requireAuth', 'requireAdminAuth', 'redirectIfAuthenticated'])
const route = (id: string, body: string) =>
  `import { createFileRoute } from '@tanstack/react-router'\nexport const Route = createFileRoute('${id}')({ ${body} })\n`

describe('scanGuard', () => {
  it('reads the guard protect wrote, in each of its shapes', () => {
    expect(scanGuard(route('/a', 'beforeLoad: requireAuth, component: A'), GUARDS)).toEqual({
      guard: 'requireAuth',
      custom: false,
    })
    expect(scanGuard('({\n  beforeLoad: requireAdminAuth\n})', GUARDS)).toEqual({
      guard: 'requireAdminAuth',
      custom: false,
    })
    expect(
      scanGuard(
        route('/a', 'beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (x)(ctx)) ?? {}) })'),
        GUARDS,
      ).guard,
    ).toBe('requireAuth')
    expect(
      scanGuard(
        route(
          '/a',
          'async beforeLoad(ctx) { return { ...(await requireAdminAuth(ctx)), ...((await (function () {})()) ?? {}) } }',
        ),
        GUARDS,
      ).guard,
    ).toBe('requireAdminAuth')
  })

  it('reads code, not text: a guard in a comment or string, or a composition edited by hand, is not one', () => {
    expect(scanGuard(route('/a', '// beforeLoad: requireAuth,\n  component: A'), GUARDS)).toEqual({
      guard: null,
      custom: false,
    })
    expect(scanGuard(route('/a', "title: 'beforeLoad: requireAuth', component: A"), GUARDS)).toEqual({
      guard: null,
      custom: false,
    })
    // protect would compose with this again, so it is the user's code, as protect sees it
    expect(
      scanGuard(route('/a', 'beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), extra: 1 })'), GUARDS),
    ).toEqual({ guard: null, custom: true })
    // a shorthand beforeLoad is the user's code too
    expect(scanGuard(route('/a', 'beforeLoad, component: A'), GUARDS)).toEqual({ guard: null, custom: true })
  })

  it('tells the user’s own beforeLoad from none', () => {
    expect(scanGuard(route('/a', 'beforeLoad: () => ({}), component: A'), GUARDS)).toEqual({
      guard: null,
      custom: true,
    })
    expect(scanGuard(route('/a', 'beforeLoad({ context }) { return context }'), GUARDS)).toEqual({
      guard: null,
      custom: true,
    })
    expect(scanGuard(route('/a', 'component: A'), GUARDS)).toEqual({ guard: null, custom: false })
    expect(scanGuard('// beforeLoad is not used here', GUARDS)).toEqual({ guard: null, custom: false })
  })
})

describe('scanRoute: the app’s own protection', () => {
  const scan = (body: string) => scanRoute(route('/a', body), GUARDS).protections

  it('reads an auth check in beforeLoad, auth server middleware and a sign-in redirect in the loader', () => {
    expect(scan("beforeLoad: async ({ context }) => { if (!context.user) throw redirect({ to: '/login' }) }")).toEqual([
      { kind: 'beforeLoad', detail: 'throws redirect to /login' },
    ])
    expect(
      scan(
        "async beforeLoad() {\n  const session = await fetchSession()\n  if (!session) {\n    throw redirect({ to: '/sign-in', search: { redirect: location.href } })\n  }\n  return { session }\n}",
      ),
    ).toEqual([{ kind: 'beforeLoad', detail: 'throws redirect to /sign-in' }])
    expect(scan('beforeLoad: ({ context }) => { if (context.session == null) throw notFound() }')).toEqual([
      { kind: 'beforeLoad', detail: 'throws notFound(...)' },
    ])
    expect(
      scan("beforeLoad: async () => { const user = await getUser(); if (!user) throw redirect({ to: '/' }) }"),
    ).toEqual([{ kind: 'beforeLoad', detail: 'throws redirect to /' }])
    expect(scan('beforeLoad: ({ context }) => { if (!context.auth.isAuthenticated) throw new Error() }')).toEqual([
      { kind: 'beforeLoad', detail: 'throws Error(...)' },
    ])
    expect(scan('beforeLoad: async () => { await requireUser() }')).toEqual([
      { kind: 'beforeLoad', detail: 'calls requireUser' },
    ])
    // an imported function is read by its name
    expect(scan('beforeLoad: authGuard')).toEqual([{ kind: 'beforeLoad', detail: 'uses authGuard' }])
    expect(scan('server: { middleware: [authMiddleware, logging] }, component: A')).toEqual([
      { kind: 'serverMiddleware', detail: 'authMiddleware' },
    ])
    expect(
      scan(
        "loader: async () => {\n  const session = await getSession()\n  if (!session) throw redirect({ to: '/login' })\n  return session\n}",
      ),
    ).toEqual([{ kind: 'loaderRedirect', detail: 'throws redirect to /login' }])
    // a function of the same file is read through its name
    const local = `${route('/a', 'beforeLoad: check')}\nasync function check({ context }) {\n  if (!context.user) throw redirect({ to: '/login' })\n}\n`
    expect(scanRoute(local, GUARDS).protections).toEqual([{ kind: 'beforeLoad', detail: 'throws redirect to /login' }])
  })

  it('reads a redirect thrown when a value an auth call read is missing, whatever its `to` (F5)', () => {
    expect(
      scan(
        'beforeLoad: async ({ context }) => {\n  const user = await context.queryClient.ensureQueryData({ ...authQueryOptions(), revalidateIfStale: true })\n  if (!user) throw redirect({ to: appConfig.authRoutes.signin })\n  return { user }\n}',
      ),
    ).toEqual([{ kind: 'beforeLoad', detail: 'throws redirect to appConfig.authRoutes.signin' }])
    expect(
      scan(
        'beforeLoad: async () => { const result = await authClient.getSession(); if (!result.data) throw redirect({ to: paths.login }) }',
      ),
    ).toEqual([{ kind: 'beforeLoad', detail: 'throws redirect to paths.login' }])
    expect(
      scan(
        'beforeLoad: async () => { const session = await getSession(); if (!session) throw redirect({ to: ROUTES.home }) }',
      ),
    ).toEqual([{ kind: 'beforeLoad', detail: 'throws redirect to ROUTES.home' }])
    // near misses: a redirect tied to no session stays unrecognised, whatever its target
    expect(
      scan(
        'beforeLoad: async ({ params }) => { const user = await fetchUser(params.id); if (!user) throw redirect({ to: paths.home }) }',
      ),
    ).toEqual([])
    expect(
      scan(
        'beforeLoad: async ({ context }) => { const post = await context.queryClient.ensureQueryData(postQuery()); if (!post) throw redirect({ to: paths.home }) }',
      ),
    ).toEqual([])
    expect(scan('beforeLoad: () => { if (!flags.enabled) throw redirect({ to: appConfig.home }) }')).toEqual([])
    // an auth word in the arguments or in an unrelated name is not an auth call (review: these were read as
    // sign-in checks, so protect would have added no guard)
    for (const body of [
      'const report = await fetchReport({ headers: { Authorization: `Bearer ${API_TOKEN}` } }); if (!report) throw redirect({ to: "/dashboard" })',
      'const invite = await getInvite({ data: { token: params.token } }); if (!invite) throw redirect({ to: "/" })',
      'const posts = await getPostsByAuthor(params.authorId); if (!posts) throw redirect({ to: "/" })',
    ])
      expect(scan(`loader: async ({ params }) => { ${body} }`), body).toEqual([])
  })

  it('does not take a kit-auth guard, a public-only check or code that only reads the session for protection', () => {
    expect(scan('beforeLoad: requireAuth')).toEqual([])
    expect(scan('beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (x)(ctx)) ?? {}) })')).toEqual(
      [],
    )
    // a sign-in page sends signed-in users away: that protects nothing
    expect(scan("beforeLoad: ({ context }) => { if (context.user) throw redirect({ to: '/' }) }")).toEqual([])
    expect(scan('beforeLoad: async () => ({ session: await fetchSession() })')).toEqual([])
    // an unconditional redirect is a moved page
    expect(scan("beforeLoad: () => { throw redirect({ to: '/login' }) }")).toEqual([])
    expect(scan('beforeLoad: sharedBeforeLoad')).toEqual([])
    expect(scan('server: { middleware: [loggingMiddleware] }, component: A')).toEqual([])
    expect(
      scan("loader: async () => { const posts = await fetchPosts(); if (!posts) throw redirect({ to: '/' }) }"),
    ).toEqual([])
    // a missing record is a 404, not a sign-in check
    expect(
      scan('loader: async ({ params }) => { const user = await getUser(params.userId); if (!user) throw notFound() }'),
    ).toEqual([])
    expect(
      scan('loader: async () => { const users = await listUsers(); if (!users.length) throw notFound() }'),
    ).toEqual([])
    expect(scan("beforeLoad: ({ search }) => { if (!search.page) throw redirect({ to: '/authors' }) }")).toEqual([])
    expect(scan('component: A')).toEqual([])
  })
})

describe('guard names', () => {
  it('maps --guard values to exports like add-guard names them', () => {
    const exports = [
      'requireAuth',
      'requireAdminAuth',
      'requireEditorAuth',
      'requireContentEditorAuth',
      'requireProjectCreatePermissionAuth',
      'requireBillingAuth',
    ]
    const resolve = (flag: string) => resolveGuard(flag, exports, 'guards.ts')
    expect(resolve('auth')).toBe('requireAuth')
    expect(resolve('admin')).toBe('requireAdminAuth')
    expect(resolve('editor')).toBe('requireEditorAuth')
    expect(resolve('role:editor')).toBe('requireEditorAuth')
    expect(resolve('content-editor')).toBe('requireContentEditorAuth')
    expect(resolve('permission:project:create')).toBe('requireProjectCreatePermissionAuth')
    expect(resolve('requireBillingAuth')).toBe('requireBillingAuth')
  })

  it('lists the available guards when one is missing', () => {
    expect(resolveGuard('admin', ['requireAuth', 'requireAdminAuth'], 'src/lib/auth/guards.ts')).toBe(
      'requireAdminAuth',
    )
    expect(() =>
      resolveGuard('editor', ['requireAuth', 'requireAdminAuth', 'redirectIfAuthenticated'], 'src/lib/auth/guards.ts'),
    ).toThrow(UsageError)
    try {
      resolveGuard(
        'role:editor',
        ['requireAuth', 'requireAdminAuth', 'redirectIfAuthenticated'],
        'src/lib/auth/guards.ts',
      )
    } catch (error) {
      expect((error as UsageError).message).toBe(
        'src/lib/auth/guards.ts has no requireEditorAuth guard for --guard role:editor.',
      )
      expect((error as UsageError).hint).toBe(
        'Available: requireAuth (--guard auth), requireAdminAuth (--guard admin). Add more with `kit-auth add-guard`.',
      )
    }
  })

  it('scans a guards file for its exports', () => {
    const template = readFileSync(new URL('../../templates/init/lib/auth/guards.ts.hbs', import.meta.url), 'utf8')
    expect(scanGuardNames(template)).toEqual(
      expect.arrayContaining(['requireAuth', 'requireAdminAuth', 'redirectIfAuthenticated']),
    )
  })
})

describe('reportRoutes', () => {
  function app(files: Record<string, string>) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-report-'))
    created.push(root)
    for (const [file, content] of Object.entries({ '__root.tsx': '', ...files })) {
      const full = path.join(root, 'src/routes', file)
      mkdirSync(path.dirname(full), { recursive: true })
      writeFileSync(full, content)
    }
    const table = discoverRoutes(root, 'src/routes')
    return reportRoutes(table, (file) => readFileSync(path.join(root, file), 'utf8'), [
      'requireAuth',
      'requireAdminAuth',
      'redirectIfAuthenticated',
    ])
  }

  it('shows own and inherited guards, and flags routes that un-nest out of a guarded parent', () => {
    const reports = app({
      'index.tsx': route('/', 'component: Home'),
      'sign-in.tsx': route('/sign-in', 'beforeLoad: redirectIfAuthenticated'),
      'posts.tsx': route('/posts', 'beforeLoad: requireAuth, component: Posts'),
      'posts.$postId.tsx': route('/posts/$postId', 'component: Post'),
      'posts_.$postId.edit.tsx': route('/posts_/$postId/edit', 'component: Edit'),
      'posts_.$postId.print.tsx': route('/posts_/$postId/print', 'beforeLoad: requireAuth, component: Print'),
      '_authenticated/route.tsx': route('/_authenticated', 'beforeLoad: requireAuth'),
      '_authenticated/account.tsx': route('/_authenticated/account', 'component: Account'),
      'api/auth/$.ts': route('/api/auth/$', 'server: { handlers: { GET: () => new Response() } }'),
      'custom.tsx': route('/custom', 'beforeLoad: () => ({ a: 1 }), component: C'),
    })
    const byId = new Map(reports.map((report) => [report.id, report]))
    expect(byId.get('/posts')).toMatchObject({ guard: 'requireAuth', inherited: null, escapes: null })
    expect(byId.get('/posts/$postId')).toMatchObject({
      guard: null,
      inherited: { guard: 'requireAuth', from: '/posts' },
      escapes: null,
    })
    expect(byId.get('/posts_/$postId/edit')).toMatchObject({
      guard: null,
      inherited: null,
      escapes: { from: '/posts', guard: 'requireAuth' },
    })
    expect(byId.get('/posts_/$postId/print')).toMatchObject({ guard: 'requireAuth', escapes: null })
    expect(byId.get('/_authenticated/account')).toMatchObject({
      inherited: { guard: 'requireAuth', from: '/_authenticated' },
    })
    expect(byId.get('/sign-in')).toMatchObject({ guard: 'redirectIfAuthenticated', inherited: null })
    expect(byId.get('/api/auth/$')).toMatchObject({ serverOnly: true, guard: null })
    expect(byId.get('/custom')).toMatchObject({ customBeforeLoad: true, guard: null })
    expect(byId.get('/')).toMatchObject({ guard: null, inherited: null, escapes: null, customBeforeLoad: false })
    expect(byId.get('/custom')).toMatchObject({ protection: null })
    expect(treeOrder(reports).map((report) => `${'  '.repeat(report.depth)}${report.id}`)).toEqual([
      '/',
      '/_authenticated',
      '  /_authenticated/account',
      '/api/auth/$',
      '/custom',
      '/posts',
      '  /posts/$postId',
      '/posts_/$postId/edit',
      '/posts_/$postId/print',
      '/sign-in',
    ])
  })

  it('shows routes the app protects by its own means as protected, with their children', () => {
    const reports = app({
      '_authed.tsx': route(
        '/_authed',
        "beforeLoad: async ({ context }) => { if (!context.user) throw redirect({ to: '/login' }) }",
      ),
      '_authed/account.tsx': route('/_authed/account', 'component: Account'),
      '_authed/account/profile.tsx': route('/_authed/account/profile', 'component: Profile'),
      '_authed/api/export.ts': route('/_authed/api/export', 'server: { handlers: { GET: () => new Response() } }'),
      'billing.tsx': route('/billing', 'server: { middleware: [authMiddleware] }, component: Billing'),
      'billing.invoices.tsx': route('/billing/invoices', 'component: Invoices'),
      'reports.tsx': route(
        '/reports',
        "loader: async () => { const session = await getSession(); if (!session) throw redirect({ to: '/login' }) }, component: R",
      ),
      'reports_.raw.tsx': route('/reports_/raw', 'component: Raw'),
      'login.tsx': route('/login', "beforeLoad: ({ context }) => { if (context.user) throw redirect({ to: '/' }) }"),
    })
    const byId = new Map(reports.map((report) => [report.id, report]))
    const own = { kind: 'beforeLoad', label: 'own beforeLoad', from: '/_authed', file: 'src/routes/_authed.tsx' }
    expect(byId.get('/_authed')).toMatchObject({ guard: null, customBeforeLoad: true, protection: own })
    expect(byId.get('/_authed/account')).toMatchObject({ guard: null, inherited: null, protection: own })
    expect(byId.get('/_authed/account/profile')).toMatchObject({ protection: own })
    // beforeLoad never runs for HTTP handlers
    expect(byId.get('/_authed/api/export')).toMatchObject({ serverOnly: true, protection: null })
    expect(byId.get('/billing/invoices')).toMatchObject({
      protection: { kind: 'serverMiddleware', label: 'server middleware', from: '/billing', detail: 'authMiddleware' },
    })
    expect(byId.get('/reports')).toMatchObject({
      protection: { kind: 'loaderRedirect', label: 'redirect in loader', from: '/reports' },
    })
    expect(byId.get('/reports_/raw')).toMatchObject({ protection: null })
    expect(byId.get('/login')).toMatchObject({ customBeforeLoad: true, protection: null })
  })
})
