/**
 * `kit-auth audit` takes the app's own Better Auth handler route for what it is (Better Auth's
 * endpoints authenticate the caller themselves) when it hands the request to the instance: through
 * a wrapper of the app that is given the request (a rate limiter in front), or through the handler
 * Convex's package makes. Another route under /api/auth is audited like any route.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { makeTree } from '../helpers/tree.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const PACKAGE_JSON = JSON.stringify({
  name: 'handlers',
  private: true,
  type: 'module',
  imports: { '#/*': './src/*' },
  dependencies: {
    '@tanstack/react-router': '1.170.46',
    '@tanstack/react-start': '1.169.5',
    'better-auth': '^1.7.25',
    react: '^19.2.0',
  },
})

const route = (id: string, imports: string, handlers: string) =>
  `import { createFileRoute } from '@tanstack/react-router'\n${imports}\n\nexport const Route = ` +
  `createFileRoute('${id}')({\n  server: { handlers: { ${handlers} } },\n})\n`

describe('audit and the Better Auth handler route', () => {
  it('passes a handler behind a rate limiter or Convex, and flags a route that only lives under /api/auth', () => {
    const app = makeTree({
      'package.json': PACKAGE_JSON,
      'src/routes/__root.tsx':
        "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n",
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } })\n",
      'src/server/limited.ts': [
        "import { auth } from '#/lib/auth'",
        '',
        'export async function limitedAuthHandler(request: Request) {',
        "  if (request.headers.get('x-many') === '1') return new Response('slow down', { status: 429 })",
        '  return auth.handler(request)',
        '}',
        '',
        'export async function someAuth(request: Request) {',
        "  if (new URL(request.url).pathname.startsWith('/api/auth')) return auth.handler(request)",
        '  return Response.json({ deleted: await request.text() })',
        '}',
        '',
        'export async function notAuth(request: Request) {',
        '  return Response.json({ users: new URL(request.url).searchParams.get("q") })',
        '}',
        '',
      ].join('\n'),
      'src/lib/convex-auth.ts':
        "import { convexBetterAuthReactStart } from '@convex-dev/better-auth/react-start'\n\n" +
        "export const { handler, getToken } = convexBetterAuthReactStart({ convexUrl: 'a', convexSiteUrl: 'b' })\n",
      'src/routes/api/auth/$.ts': route(
        '/api/auth/$',
        "import { limitedAuthHandler } from '#/server/limited'",
        'ANY: ({ request }) => limitedAuthHandler(request)',
      ),
      'src/routes/api/convex/$.ts': route(
        '/api/convex/$',
        "import { handler } from '#/lib/convex-auth'",
        'GET: ({ request }) => handler(request), POST: ({ request }) => handler(request)',
      ),
      'src/routes/api/react-start/$.ts': route(
        '/api/react-start/$',
        "import { reactStartHandler } from '@convex-dev/better-auth/react-start'",
        'GET: ({ request }) => {\n      return reactStartHandler(request)\n    }',
      ),
      'src/routes/api/local/$.ts': route(
        '/api/local/$',
        "import { auth } from '#/lib/auth'\n\nconst forward = (request: Request) => auth.handler(request)",
        'GET: (ctx) => forward(ctx.request)',
      ),
      // Cloudflare: the instance's module loaded per request, its factory called with the bindings
      'src/lib/auth-server.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const createAuth = (env: unknown) => betterAuth({ secret: String(env) })\n",
      'src/routes/api/cf/$.ts': route(
        '/api/cf/$',
        [
          'async function handleAuth(request: Request) {',
          "  const { env } = await import('cloudflare:workers')",
          "  const { createAuth } = await import('#/lib/auth-server')",
          '  return createAuth(env).handler(request)',
          '}',
        ].join('\n'),
        'GET: async ({ request }) => handleAuth(request)',
      ),
      // near misses: under /api/auth but no forwarding, and a wrapper that is not given the request
      'src/routes/api/auth/export.ts': route(
        '/api/auth/export',
        "import { notAuth } from '#/server/limited'",
        'GET: ({ request }) => notAuth(request)',
      ),
      // forwards under a condition, then does other work: all of /api/$ is not Better Auth's
      'src/routes/api/$.ts': route(
        '/api/$',
        "import { someAuth } from '#/server/limited'",
        'POST: ({ request }) => someAuth(request)',
      ),
      'src/routes/api/auth/other.ts': route(
        '/api/auth/other',
        "import { limitedAuthHandler } from '#/server/limited'",
        "GET: () => limitedAuthHandler(new Request('http://x/'))",
      ),
    })
    copies.push(app)
    const result = runCli(['audit', '--cwd', app, '--json'])
    const names = (JSON.parse(result.stdout) as { findings: { name: string }[] }).findings.map(
      (finding) => finding.name,
    )
    expect(names.sort()).toEqual(['/api/$', '/api/auth/export', '/api/auth/other'])
  })

  it("passes .handler on a cached factory (getAuth(env)) and on the object Convex's helper returns; not look-alikes", () => {
    const app = makeTree({
      'package.json': PACKAGE_JSON,
      'src/routes/__root.tsx':
        "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n",
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        '',
        'type Auth = ReturnType<typeof betterAuth>',
        'let cached: Auth | undefined',
        'let other: Auth | undefined',
        'function make(secret: string) {',
        '  return betterAuth({ secret })',
        '}',
        // cached per env: the instance is what the module assigns to `cached`
        'export function getAuth(env: { SECRET: string }) {',
        '  cached ??= make(env.SECRET)',
        '  return cached',
        '}',
        'export const getAuthInline = (env: { SECRET: string }) => (other ||= make(env.SECRET))',
        // look-alike: a cache of something else
        'let client: { handler: (request: Request) => Promise<Response> } | undefined',
        'export function getClient() {',
        '  if (!client) client = { handler: (request: Request) => fetch(request) }',
        '  return client',
        '}',
        '',
      ].join('\n'),
      'src/lib/convex-auth.ts': [
        "import { convexBetterAuthReactStart } from '@convex-dev/better-auth/react-start'",
        '',
        "export const convexAuth = convexBetterAuthReactStart({ convexUrl: 'a', convexSiteUrl: 'b' })",
        'export const notConvex = { handler: (request: Request) => fetch(request) }',
        '',
      ].join('\n'),
      'src/routes/api/auth/$.ts': route(
        '/api/auth/$',
        "import { getAuth } from '#/lib/auth'",
        "GET: ({ request }) => getAuth({ SECRET: 'x' }).handler(request)",
      ),
      'src/routes/api/inline/$.ts': route(
        '/api/inline/$',
        "import { getAuthInline } from '#/lib/auth'",
        "GET: ({ request }) => getAuthInline({ SECRET: 'x' }).handler(request)",
      ),
      'src/routes/api/convex/$.ts': route(
        '/api/convex/$',
        "import { convexAuth } from '#/lib/convex-auth'",
        'GET: ({ request }) => convexAuth.handler(request), POST: ({ request }) => convexAuth.handler(request)',
      ),
      // the instance held in a local first: `const auth = getAuth(env); return auth.handler(request)`
      'src/routes/api/local-const/$.ts': route(
        '/api/local-const/$',
        "import { getAuth } from '#/lib/auth'",
        "POST: ({ request }) => {\n        const auth = getAuth({ SECRET: 'x' })\n        return auth.handler(request)\n      }",
      ),
      // near miss: a local of something else under the same name
      'src/routes/api/local-other/$.ts': route(
        '/api/local-other/$',
        "import { getClient } from '#/lib/auth'",
        'POST: ({ request }) => {\n        const auth = getClient()\n        return auth.handler(request)\n      }',
      ),
      'src/routes/api/client/$.ts': route(
        '/api/client/$',
        "import { getClient } from '#/lib/auth'",
        'GET: ({ request }) => getClient().handler(request)',
      ),
      'src/routes/api/not-convex/$.ts': route(
        '/api/not-convex/$',
        "import { notConvex } from '#/lib/convex-auth'",
        'GET: ({ request }) => notConvex.handler(request)',
      ),
    })
    copies.push(app)
    const result = runCli(['audit', '--cwd', app, '--json'])
    const names = (JSON.parse(result.stdout) as { findings: { name: string }[] }).findings.map(
      (finding) => finding.name,
    )
    expect(names.sort()).toEqual(['/api/client/$', '/api/local-other/$', '/api/not-convex/$'])
  })

  it("passes a handler given Better Auth by the route's request middleware (context.auth), not another context value", () => {
    const withMiddleware = (id: string, middleware: string, handler: string) =>
      `import { createFileRoute } from '@tanstack/react-router'\nimport { ${middleware} } from '#/middlewares'\n\n` +
      `export const Route = createFileRoute('${id}')({\n  server: {\n    middleware: [${middleware}],\n` +
      `    handlers: { ${handler} },\n  },\n})\n`
    const app = makeTree({
      'package.json': PACKAGE_JSON,
      'src/routes/__root.tsx':
        "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n",
      'src/lib/auth.ts':
        "import { betterAuth } from 'better-auth'\n\nexport const createAuth = (env: unknown) => betterAuth({ secret: String(env) })\n",
      'src/middlewares.ts': [
        "import { createMiddleware } from '@tanstack/react-start'",
        "import { createAuth } from '#/lib/auth'",
        '',
        'export const betterAuthMiddleware = createMiddleware().server(({ next }) =>',
        '  next({ context: { auth: createAuth(process.env) } }),',
        ')',
        'const proxy = { handler: (request: Request) => fetch(request) }',
        'export const proxyMiddleware = createMiddleware().server(({ next }) => next({ context: { auth: proxy } }))',
        '',
      ].join('\n'),
      'src/routes/api/auth/$.ts': withMiddleware(
        '/api/auth/$',
        'betterAuthMiddleware',
        'GET: ({ request, context }) => context.auth.handler(request), POST: (args) => args.context.auth.handler(args.request)',
      ),
      // near misses: the middleware's `auth` is no Better Auth instance; no middleware gives `auth` at all
      'src/routes/api/proxy/$.ts': withMiddleware(
        '/api/proxy/$',
        'proxyMiddleware',
        'GET: ({ request, context }) => context.auth.handler(request)',
      ),
      'src/routes/api/bare/$.ts': route(
        '/api/bare/$',
        '',
        'GET: ({ request, context }) => (context as { auth: { handler: (r: Request) => Response } }).auth.handler(request)',
      ),
    })
    copies.push(app)
    const result = runCli(['audit', '--cwd', app, '--json'])
    const names = (JSON.parse(result.stdout) as { findings: { name: string }[] }).findings.map(
      (finding) => finding.name,
    )
    expect(names.sort()).toEqual(['/api/bare/$', '/api/proxy/$'])
  })

  it('a factory app audits clean right after init (kit-auth’s lib/auth/instance.ts proxies the instance)', () => {
    const app = makeTree({
      'package.json': PACKAGE_JSON,
      'src/routes/__root.tsx':
        "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n",
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        '',
        'export function createAuth(env: { SECRET?: string }) {',
        '  return betterAuth({ secret: env.SECRET, emailAndPassword: { enabled: true } })',
        '}',
        '',
        'export function getAuth() {',
        '  return createAuth(process.env)',
        '}',
        '',
      ].join('\n'),
    })
    copies.push(app)
    const init = runCli(['init', '--yes', '--no-install', '--cwd', app])
    expect(init.code, init.stderr).toBe(0)
    const result = runCli(['audit', '--cwd', app, '--json'])
    expect(JSON.parse(result.stdout)).toEqual({ findings: [] })
    expect(result.code).toBe(0)
  })

  it("passes .handler on an instance a Worker's entry puts into the request context, and no other value there", () => {
    const fetchEntry = (context: string) =>
      [
        "import { createStartHandler, defaultStreamHandler } from '@tanstack/react-start/server'",
        "import { createAuthService } from '#/lib/auth'",
        "import { createMailer } from '#/lib/mailer'",
        '',
        'const handler = createStartHandler(defaultStreamHandler)',
        'export default {',
        '  async fetch(request: Request, env: { DB: unknown }) {',
        '    const authService = createAuthService(env.DB)',
        '    const mailer = createMailer()',
        `    return handler(request, { context: { ${context} } })`,
        '  },',
        '}',
        '',
      ].join('\n')
    const app = makeTree({
      'package.json': PACKAGE_JSON,
      'wrangler.jsonc': '{\n  // the Worker\n  "main": "src/worker.ts"\n}\n',
      'src/routes/__root.tsx':
        "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n",
      // the instance is a local the factory returns
      'src/lib/auth.ts': [
        "import { betterAuth } from 'better-auth'",
        '',
        'export function createAuthService(db: unknown) {',
        '  const auth = betterAuth({ database: db as never })',
        '  return auth',
        '}',
        '',
      ].join('\n'),
      'src/lib/mailer.ts':
        'export const createMailer = () => ({ handler: (request: Request) => Response.json(request.url) })\n' +
        "export const handleScim = async (request: Request) => (request.url.includes('/scim') ? new Response('ok') : null)\n",
      'src/server.ts': fetchEntry('authService, mailer'),
      // the entry wrangler names, beside Start's own
      'src/worker.ts': fetchEntry('workerAuth: authService'),
      'src/routes/api/auth/$.ts': route(
        '/api/auth/$',
        '',
        'GET: ({ request, context }) => context.authService.handler(request)',
      ),
      'src/routes/api/destructured/$.ts': route(
        '/api/destructured/$',
        '',
        'GET: ({ request, context: { authService } }) => authService.handler(request)',
      ),
      'src/routes/api/worker/$.ts': route(
        '/api/worker/$',
        '',
        'GET: ({ request, context: { workerAuth } }) => workerAuth.handler(request)',
      ),
      // a response another handler of the app made from the request first (SCIM, a rate limiter) is its to authorize
      'src/routes/api/scim/$.ts': route(
        '/api/scim/$',
        "import { handleScim } from '#/lib/mailer'",
        'POST: async ({ request, context }) => {\n        const scim = await handleScim(request.clone())\n' +
          '        if (scim) return scim\n        return context.authService.handler(request)\n      }',
      ),
      // data handed out beside the forwarding: that branch is no Better Auth endpoint
      'src/routes/api/export/$.ts': route(
        '/api/export/$',
        '',
        "GET: async ({ request, context }) => {\n        if (request.url.endsWith('/export')) return Response.json({ users: request.headers.get('x-users') })\n" +
          '        return context.authService.handler(request)\n      }',
      ),
      'src/routes/api/mailer/$.ts': route(
        '/api/mailer/$',
        '',
        'GET: ({ request, context }) => context.mailer.handler(request)',
      ),
    })
    copies.push(app)
    const result = runCli(['audit', '--cwd', app, '--json'])
    const names = (JSON.parse(result.stdout) as { findings: { name: string }[] }).findings.map(
      (finding) => finding.name,
    )
    expect(names.sort()).toEqual(['/api/export/$', '/api/mailer/$'])
  })
})
