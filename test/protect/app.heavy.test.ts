/**
 * protect in a real app (issue 5, "Done when", second bullet): a copy of the installed
 * default-npm fixture gets `init --yes`, then route files of every TanStack naming shape. One
 * `kit-auth protect` run (all or nothing) guards one route of each shape, named by URL path or by
 * route id; the app must then type-check and build, and its production server must redirect an
 * anonymous request for each protected path to sign-in while the unprotected pages still render.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inApp, startBuiltApp, type AppServer } from '../helpers/app-server.js'
import { runCli, type CliResult } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'

/** A page: `createFileRoute(id)` (or `createLazyFileRoute`) with a component printing `marker`. */
function page(id: string, marker: string, constructor = 'createFileRoute'): string {
  return `import { ${constructor} } from '@tanstack/react-router'

export const Route = ${constructor}('${id}')({
  component: Page,
})

function Page() {
  return <h1>${marker}</h1>
}
`
}

/** A layout (with a URL segment or pathless): its marker, then its children. */
function layout(id: string, marker: string): string {
  return `import { createFileRoute, Outlet } from '@tanstack/react-router'

export const Route = createFileRoute('${id}')({
  component: Layout,
})

function Layout() {
  return (
    <section>
      <p>${marker}</p>
      <Outlet />
    </section>
  )
}
`
}

/** Route files (under src/routes) of every naming shape TanStack's generator knows. */
const ROUTE_FILES: Record<string, string> = {
  // flat: dots are slashes
  'settings.profile.tsx': page('/settings/profile', 'PAGE_SETTINGS_PROFILE'),
  // folder with a param
  'teams/$teamId.tsx': page('/teams/$teamId', 'PAGE_TEAM'),
  // splat
  'files/$.tsx': page('/files/$', 'PAGE_FILES'),
  // layout + index + child
  'posts/route.tsx': layout('/posts', 'LAYOUT_POSTS'),
  'posts/index.tsx': page('/posts/', 'PAGE_POSTS_INDEX'),
  'posts/$postId.tsx': page('/posts/$postId', 'PAGE_POST'),
  // un-nested out of /posts: the /posts guard does not cover it
  'posts_.$postId.edit.tsx': page('/posts_/$postId/edit', 'PAGE_POST_EDIT'),
  // index without a layout
  'guides/index.tsx': page('/guides/', 'PAGE_GUIDES_INDEX'),
  // pathless layout: one child protected, one not
  '_app/route.tsx': layout('/_app', 'LAYOUT_APP'),
  '_app/inbox.tsx': page('/_app/inbox', 'PAGE_INBOX'),
  '_app/outbox.tsx': page('/_app/outbox', 'PAGE_OUTBOX'),
  // route group: one protected, one not
  '(marketing)/pricing.tsx': page('/(marketing)/pricing', 'PAGE_PRICING'),
  '(marketing)/features.tsx': page('/(marketing)/features', 'PAGE_FEATURES'),
  // escaped dot: the URL is /.well-known
  '[.]well-known.tsx': page('/.well-known', 'PAGE_WELL_KNOWN'),
  // optional param in braces (router-generator 1.167 validates `{-$param}`): /docs and /en/docs
  '{-$lang}/docs.tsx': page('/{-$lang}/docs', 'PAGE_DOCS'),
  // lazy-only: protect creates reports.tsx next to it
  'reports.lazy.tsx': page('/reports', 'PAGE_REPORTS', 'createLazyFileRoute'),
}

/** What protect is given: URL paths, and route ids where only an id names the route. */
const PROTECT_INPUTS = [
  '/settings/profile',
  '/teams/$teamId',
  '/files/$',
  '/posts', // the URL names the layout (posts/route.tsx), so the index and $postId inherit
  '/posts_/$postId/edit', // by id
  '/guides/', // the index, by id
  '/_app/inbox', // by id (pathless parent)
  '/(marketing)/pricing', // by id (group)
  '/.well-known',
  '/{-$lang}/docs',
  '/reports',
]

/** Route id -> file protect must write the guard into. */
const GUARDED_FILES: Record<string, string> = {
  '/settings/profile': 'settings.profile.tsx',
  '/teams/$teamId': 'teams/$teamId.tsx',
  '/files/$': 'files/$.tsx',
  '/posts': 'posts/route.tsx',
  '/posts_/$postId/edit': 'posts_.$postId.edit.tsx',
  '/guides/': 'guides/index.tsx',
  '/_app/inbox': '_app/inbox.tsx',
  '/(marketing)/pricing': '(marketing)/pricing.tsx',
  '/.well-known': '[.]well-known.tsx',
  '/{-$lang}/docs': '{-$lang}/docs.tsx',
  '/reports': 'reports.tsx',
}

/** Concrete URLs of protected routes, and what a signed-in user then sees. */
const PROTECTED: Array<{ url: string; markers: string[] }> = [
  { url: '/settings/profile', markers: ['PAGE_SETTINGS_PROFILE'] },
  { url: '/teams/t1', markers: ['PAGE_TEAM'] },
  { url: '/files/a/b.txt', markers: ['PAGE_FILES'] },
  { url: '/posts', markers: ['LAYOUT_POSTS', 'PAGE_POSTS_INDEX'] },
  { url: '/posts/p1', markers: ['LAYOUT_POSTS', 'PAGE_POST'] },
  { url: '/posts/p1/edit', markers: ['PAGE_POST_EDIT'] },
  { url: '/guides', markers: ['PAGE_GUIDES_INDEX'] },
  { url: '/inbox', markers: ['LAYOUT_APP', 'PAGE_INBOX'] },
  { url: '/pricing', markers: ['PAGE_PRICING'] },
  { url: '/.well-known', markers: ['PAGE_WELL_KNOWN'] },
  { url: '/docs', markers: ['PAGE_DOCS'] },
  { url: '/en/docs', markers: ['PAGE_DOCS'] },
  { url: '/reports', markers: ['PAGE_REPORTS'] },
  // init's own layout, for comparison
  { url: '/account', markers: [] },
]

/** Unprotected pages: 200 for anyone, with their content. */
const UNPROTECTED: Array<{ url: string; marker: string }> = [
  { url: '/', marker: 'Start simple, ship quickly.' },
  { url: '/about', marker: 'A small starter with room to grow.' },
  { url: '/outbox', marker: 'PAGE_OUTBOX' },
  { url: '/features', marker: 'PAGE_FEATURES' },
  { url: '/sign-in', marker: 'type="password"' },
]

let app = ''
let server: AppServer | null = null
const timings: Record<string, number> = {}

function timed<T>(label: string, fn: () => T): T {
  const started = Date.now()
  try {
    return fn()
  } finally {
    timings[label] = Date.now() - started
  }
}

function cli(args: string[]): CliResult {
  return runCli([...args, '--cwd', app])
}

function expectOk(result: CliResult, what: string): void {
  expect(result.code, `kit-auth ${what}\n${result.stdout}\n${result.stderr}`).toBe(0)
}

const routesDir = () => path.join(app, 'src/routes')
const readRoute = (file: string) => readFileSync(path.join(routesDir(), file), 'utf8')

beforeAll(async () => {
  const started = Date.now()
  app = await copyFixture('default-npm', { installed: true })
  timings['copy'] = Date.now() - started
  timed('init', () => expectOk(cli(['init', '--yes']), 'init --yes'))
  for (const [file, text] of Object.entries(ROUTE_FILES)) {
    mkdirSync(path.dirname(path.join(routesDir(), file)), { recursive: true })
    writeFileSync(path.join(routesDir(), file), text)
  }
}, 600_000)

afterAll(async () => {
  // by pid (AppServer.stop): never by name
  await server?.stop()
  if (app) rmSync(app, { recursive: true, force: true })
  process.stderr.write(`[protect app] ${JSON.stringify(timings)}\n`)
})

describe('protect in a real app: every route naming shape, tsc, vite build, HTTP', () => {
  it('refuses the whole batch when one path is unknown, writing nothing', () => {
    const before = snapshotTree(routesDir())
    const result = cli(['protect', '/settings/profile', '/teams/$teamId', '/nope'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('No route /nope in src/routes')
    expect(snapshotTree(routesDir())).toEqual(before)
  })

  it('protects a route of each shape in one run, by URL path and by route id', () => {
    const result = timed('protect', () => cli(['protect', ...PROTECT_INPUTS, '--json']))
    expectOk(result, `protect ${PROTECT_INPUTS.join(' ')}`)
    const document = JSON.parse(result.stdout) as {
      ok: boolean
      guard: string
      routes: Array<{ id: string; path: string; file: string; status: string; notes: string[] }>
      changes: Array<{ path: string; action: string }>
    }
    expect(document).toMatchObject({ ok: true, guard: 'requireAuth' })
    expect(Object.fromEntries(document.routes.map((route) => [route.id, route.file]))).toEqual(
      Object.fromEntries(Object.entries(GUARDED_FILES).map(([id, file]) => [id, `src/routes/${file}`])),
    )
    for (const route of document.routes)
      expect(route.status, route.id).toBe(route.id === '/reports' ? 'created' : 'added')
    // the URLs the generator gives these shapes
    const paths = Object.fromEntries(document.routes.map((route) => [route.id, route.path]))
    expect(paths).toMatchObject({
      '/.well-known': '/.well-known',
      '/_app/inbox': '/inbox',
      '/(marketing)/pricing': '/pricing',
      '/posts_/$postId/edit': '/posts/$postId/edit',
      '/{-$lang}/docs': '/{-$lang}/docs',
    })
    // one commit: 10 updates and the lazy route's new half
    expect(document.changes).toHaveLength(11)
    expect(document.changes.filter((change) => change.action === 'create').map((change) => change.path)).toEqual([
      'src/routes/reports.tsx',
    ])
    // /posts_/$postId/edit is protected in the same run: no "protect it too" warning
    expect(document.routes.find((route) => route.id === '/posts')?.notes).toEqual([])
    expect(document.routes.find((route) => route.id === '/reports')?.notes.join('\n')).toContain(
      'reports.lazy.tsx is lazy',
    )

    for (const file of Object.values(GUARDED_FILES)) {
      const text = readRoute(file)
      expect(text, file).toContain("import { requireAuth } from '#/lib/auth/guards'")
      expect(text, file).toContain('  beforeLoad: requireAuth,\n')
    }
    // the lazy half is untouched; the unprotected routes too
    expect(readRoute('reports.lazy.tsx')).toBe(ROUTE_FILES['reports.lazy.tsx'])
    for (const file of [
      '_app/route.tsx',
      '_app/outbox.tsx',
      '(marketing)/features.tsx',
      'posts/index.tsx',
      'posts/$postId.tsx',
    ])
      expect(readRoute(file), file).toBe(ROUTE_FILES[file])
    expect(readRoute('about.tsx')).not.toContain('beforeLoad')
    expect(readRoute('index.tsx')).not.toContain('beforeLoad')
  })

  it('kit-auth routes --json lists every guard, own or inherited', () => {
    const result = cli(['routes', '--json'])
    expectOk(result, 'routes --json')
    const { routes } = JSON.parse(result.stdout) as {
      routes: Array<{
        id: string
        guard: string | null
        inherited: { guard: string; from: string } | null
        escapes: unknown
      }>
    }
    const byId = new Map(routes.map((route) => [route.id, route]))
    for (const id of Object.keys(GUARDED_FILES)) expect(byId.get(id)?.guard, id).toBe('requireAuth')
    for (const id of ['/posts/', '/posts/$postId'])
      expect(byId.get(id)?.inherited, id).toEqual({ guard: 'requireAuth', from: '/posts' })
    expect(byId.get('/_authenticated/account')?.inherited).toEqual({ guard: 'requireAuth', from: '/_authenticated' })
    for (const id of ['/', '/about', '/_app', '/_app/outbox', '/(marketing)/features']) {
      expect(byId.get(id), id).toMatchObject({ guard: null, inherited: null })
    }
    expect(routes.filter((route) => route.escapes)).toEqual([])
  })

  it('the app type-checks and builds (route tree regenerated by migrate)', () => {
    timed('migrate', () => expectOk(cli(['migrate']), 'migrate'))
    const tree = readFileSync(path.join(app, 'src/routeTree.gen.ts'), 'utf8')
    for (const file of [
      './routes/reports',
      './routes/reports.lazy',
      './routes/[.]well-known',
      './routes/{-$lang}/docs',
      './routes/posts_.$postId.edit',
    ])
      expect(tree, file).toContain(file)
    timed('tsc', () => inApp(app, 'npx', ['tsc', '--noEmit']))
    timed('vite build', () => inApp(app, 'npx', ['vite', 'build']))
  }, 300_000)

  it('the built server redirects anonymous requests for protected paths to sign-in and serves the rest', async () => {
    const started = Date.now()
    server = await startBuiltApp(app)
    const { origin } = server
    try {
      for (const { url } of PROTECTED) {
        const response = await fetch(`${origin}${url}`, { redirect: 'manual' })
        expect([302, 307], `${url}: ${response.status}`).toContain(response.status)
        expect(new URL(response.headers.get('location') ?? '', origin).href, url).toBe(
          `${origin}/sign-in?redirect=${encodeURIComponent(url)}`,
        )
      }
      for (const { url, marker } of UNPROTECTED) {
        const response = await fetch(`${origin}${url}`, { redirect: 'manual' })
        expect(response.status, url).toBe(200)
        expect(await response.text(), url).toContain(marker)
      }

      // signed in, the protected pages render (the guard passes; the lazy component loads)
      const signUp = await fetch(`${origin}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'correct-horse-battery' }),
      })
      expect(signUp.status, await signUp.clone().text()).toBe(200)
      const cookie = signUp.headers
        .getSetCookie()
        .map((value) => value.split(';')[0])
        .join('; ')
      for (const { url, markers } of PROTECTED) {
        const response = await fetch(`${origin}${url}`, { redirect: 'manual', headers: { cookie } })
        expect(response.status, url).toBe(200)
        const html = await response.text()
        for (const marker of markers) expect(html, `${url} shows ${marker}`).toContain(marker)
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- server log ---\n${server.log().slice(-4000)}`, { cause: error })
    } finally {
      timings['http'] = Date.now() - started
    }
  }, 120_000)
})

describe('kit-auth migrate in the real app', () => {
  it('fails on a route the router generator rejects, naming it; a plugin warning line that reads like an error does not fail it', () => {
    const conflict = path.join(routesDir(), 'about/route.tsx')
    mkdirSync(path.dirname(conflict), { recursive: true })
    writeFileSync(conflict, readRoute('about.tsx'))
    try {
      const failed = cli(['migrate'])
      expect(failed.code).toBe(1)
      expect(failed.stderr).toContain(
        'Conflicting configuration paths were found for the following routes: "/about", "/about"',
      )
    } finally {
      rmSync(path.dirname(conflict), { recursive: true, force: true })
    }
    // what Paraglide prints offline: a warning whose second line starts with `PluginImportError:`
    const viteConfig = path.join(app, 'vite.config.ts')
    const original = readFileSync(viteConfig, 'utf8')
    const warning =
      "{ name: 'noisy', configResolved() { console.warn('Could not load a plugin\\nPluginImportError: Couldn\\'t import the plugin \"https://example.com/x.js\"') } }"
    writeFileSync(viteConfig, original.replace('plugins: [', `plugins: [${warning}, `))
    try {
      const passed = cli(['migrate'])
      expect(passed.code, `${passed.stdout}\n${passed.stderr}`).toBe(0)
      expect(passed.stdout).toContain('Route tree regenerated')
    } finally {
      writeFileSync(viteConfig, original)
    }
  }, 120_000)
})
