/**
 * Shapes a held-out corpus (written without reading the audit) found misclassified, in an initialized
 * app: look-alikes of kit-auth's helpers from packages that are not the app's, a guard imported under
 * another name, `return session && data`, an enforcing call whose failure nobody sees, a branch that
 * sets a 401 before returning an error object, and writes before the check that are not named like one.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initApp } from '../add-guard/support.js'
import { runCli } from '../helpers/cli.js'

let app: string
let reported: Map<string, string>

const serverFn = (name: string, body: string) =>
  `export const ${name} = createServerFn({ method: 'GET' }).handler(async () => {\n${body}\n})\n`

/** A handler that reads the session and, when it is missing, runs `first` then `then`. */
const anonymousBranch = (first: string, then: string) =>
  `  const session = await getSession()\n  if (!session) {\n    ${first}\n    ${then}\n  }\n  return db.list()`

/** What a handler returns to an anonymous caller: a refusing status, with and without data in the body. */
const REFUSAL_BODIES: Record<string, string> = {
  notFoundWithData: 'json(await db.list(), { status: 404 })',
  unauthorizedWithData: 'new Response(JSON.stringify(await db.list()), { status: 401 })',
  redirectWithData: "new Response(JSON.stringify(await db.list()), { status: 302, headers: { Location: '/sign-in' } })",
  forbiddenWithRows: 'Response.json({ error: "Forbidden", rows: await db.list() }, { status: 403 })',
  stringifiedRefusal: "new Response(JSON.stringify({ error: 'Unauthorized' }), { status: 401 })",
  jsonRefusal: "json({ error: 'Sign in' }, { status: 401 })",
  notFoundRefusal: "new Response('Not found', { status: 404 })",
  redirectRefusal: "new Response(null, { status: 307, headers: { Location: '/sign-in' } })",
}

const FILES: Record<string, string> = {
  'src/server/db.ts': 'export const db = { list: async () => [1, 2, 3] }\n',
  // middleware that put the session into the request context under a name of their own, read through an alias
  'src/server/context-session.functions.ts': [
    "import { createMiddleware, createServerFn } from '@tanstack/react-start'",
    "import { getSession } from '#/lib/auth/session'",
    "import { db } from './db'",
    '',
    'type Ctx = { authSession?: { user: { id: string } }; userAgent?: string }',
    'const toView = (session: { user: { id: string } }) => ({ id: session.user.id })',
    '',
    "export const contextGuard = createMiddleware({ type: 'function' }).server(({ next, context }) => {",
    '  const c = context as Ctx',
    "  if (!c.authSession) throw new Error('Unauthorized')",
    '  return next()',
    '})',
    "export const agentGuard = createMiddleware({ type: 'function' }).server(({ next, context }) => {",
    '  const c = context as Ctx',
    "  if (!c.userAgent) throw new Error('No agent')",
    '  return next()',
    '})',
    "export const byContextKey = createServerFn({ method: 'GET' }).middleware([contextGuard]).handler(() => db.list())",
    "export const byOtherKey = createServerFn({ method: 'GET' }).middleware([agentGuard]).handler(() => db.list())",
    "export const byProfileUser = createServerFn({ method: 'GET' }).handler(async ({ context }) => {",
    '  const c = context as { profileUser?: { id: string }; checkoutSession?: { id: string } }',
    "  if (!c.profileUser || !c.checkoutSession) throw new Error('Not found')",
    '  return db.list()',
    '})',
    "export const ownSessionFirst = createServerFn({ method: 'GET' }).handler(async ({ context }) => {",
    '  const c = context as Ctx',
    '  if (c.authSession) return toView(c.authSession)',
    '  const session = await getSession()',
    '  if (!session) return',
    '  return toView(session)',
    '})',
    "export const ownSessionThenOpen = createServerFn({ method: 'GET' }).handler(async ({ context }) => {",
    '  const c = context as Ctx',
    '  if (c.authSession) return toView(c.authSession)',
    '  return db.list()',
    '})',
    "export const sessionThenData = createServerFn({ method: 'GET' }).handler(async ({ context }) => {",
    '  const c = context as Ctx',
    '  if (c.authSession) return db.list()',
    '  const session = await getSession()',
    '  if (!session) return',
    '  return db.list()',
    '})',
    '',
  ].join('\n'),
  'src/lib/legacy-session.ts': [
    '// not kit-auth: a session object whose requireSession requires nothing',
    'const make = () => ({ requireSession: async () => null })',
    'export const { requireSession } = make()',
    '',
  ].join('\n'),
  'src/server/lookalikes.functions.ts': [
    "import { createServerFn } from '@tanstack/react-start'",
    "import { requireSession } from 'session-kit'",
    "import { authMiddleware } from '@acme/auth'",
    "import { requireSession as requireLegacy } from '#/lib/legacy-session'",
    "import { requireSession as requireOwn } from '@repo/auth-kit'",
    "import { requireSession as requireAliased } from '~/lib/auth/session'",
    "import { requireSession as requireFromBase } from 'lib/auth/session'",
    "import { requireSession as requireLinked } from '@repo/linked-auth'",
    "import { requireSession as requireSeed } from '@kit/better-auth/context'",
    "import { authAction } from '@kit/action-middleware'",
    "import { requireSession as requireInstalledKit } from '@kit/installed'",
    "import { requireSession as requireDeclaredKit } from '@kit/declared'",
    "import { db } from './db'",
    '',
    serverFn('fromPackage', '  await requireSession()\n  return db.list()'),
    "export const packageMiddleware = createServerFn({ method: 'GET' })",
    '  .middleware([authMiddleware])',
    '  .handler(async () => db.list())',
    '',
    serverFn('destructuredLookAlike', '  await requireLegacy()\n  return db.list()'),
    serverFn('fromWorkspacePackage', '  await requireOwn()\n  return db.list()'),
    serverFn('fromUnknownAlias', '  await requireAliased()\n  return db.list()'),
    serverFn('fromBaseUrl', '  await requireFromBase()\n  return db.list()'),
    serverFn('fromLinkedPackage', '  await requireLinked()\n  return db.list()'),
    serverFn('fromSeedName', '  await requireSeed()\n  return db.list()'),
    'export const seedAction = authAction().handler(async () => db.list())',
    serverFn('fromInstalledKit', '  await requireInstalledKit()\n  return db.list()'),
    serverFn('fromDeclaredKit', '  await requireDeclaredKit()\n  return db.list()'),
  ].join('\n'),
  'src/server/checks.functions.ts': [
    "import { createServerFn, json } from '@tanstack/react-start'",
    "import { setResponseStatus } from '@tanstack/react-start/server'",
    "import { getSession, requireSession } from '#/lib/auth/session'",
    "import { db } from './db'",
    '',
    serverFn('shortCircuit', '  const session = await getSession()\n  return session && db.list()'),
    serverFn('otherShortCircuit', '  const preview = Math.random() > 0.5\n  return preview && db.list()'),
    serverFn('voided', '  void requireSession()\n  return db.list()'),
    serverFn('caught', '  await requireSession().catch(() => null)\n  return db.list()'),
    serverFn('notAwaited', '  requireSession()\n  return db.list()'),
    'const check = () => requireSession()',
    "const checkLogged = () => check().then(() => console.info('checked'))",
    "function mustHave(session: unknown) {\n  if (!session) throw new Error('Sign in')\n}",
    serverFn('wrapperNotAwaited', '  check()\n  return db.list()'),
    serverFn('chainedWrapperNotAwaited', '  checkLogged()\n  return db.list()'),
    serverFn('localWrapperNotAwaited', '  const mine = () => requireSession()\n  mine()\n  return db.list()'),
    serverFn('wrapperAwaited', '  await checkLogged()\n  return db.list()'),
    serverFn('syncGuardNotAwaited', '  const session = await getSession()\n  mustHave(session)\n  return db.list()'),
    serverFn('statusRefusal', anonymousBranch('setResponseStatus(401)', "return { error: 'Sign in' }")),
    serverFn(
      'seedDashboard',
      [
        '  const session = await getSession()',
        '  if (!session) return { signedIn: false as const }',
        '  return { signedIn: true as const, email: session.user.email }',
      ].join('\n'),
    ),
    serverFn(
      'errorObject',
      anonymousBranch("console.info('anonymous')", "return { ok: false, error: 'Sign in', rows: [] }"),
    ),
    serverFn('errorWithData', anonymousBranch('const rows = await db.list()', "return { error: 'Sign in', rows }")),
    serverFn('statusNoRefusal', anonymousBranch('setResponseStatus(200)', 'return { rows: await db.list() }')),
    serverFn('statusWithData', anonymousBranch('setResponseStatus(401)', 'return db.list()')),
    serverFn('statusWithDataLater', anonymousBranch('setResponseStatus(403)', "console.info('no');return db.list()")),
    ...Object.entries(REFUSAL_BODIES).map(([name, response]) =>
      serverFn(name, `  const session = await getSession()\n  if (!session) return ${response}\n  return db.list()`),
    ),
  ].join('\n'),
  'src/server/writes.functions.ts': [
    "import { createServerFn } from '@tanstack/react-start'",
    "import { setResponseHeader } from '@tanstack/react-start/server'",
    "import { requireSession } from '#/lib/auth/session'",
    '',
    'const kv = new Map<string, string>()',
    '',
    serverFn('storeWriteFirst', "  await kv.set('seen', 'yes')\n  await requireSession()\n  return { ok: true }"),
    serverFn(
      'postFirst',
      "  await fetch('https://example.com/hook', { method: 'POST' })\n  await requireSession()\n  return { ok: true }",
    ),
    serverFn(
      'localWritesFirst',
      [
        '  const headers = new Headers()',
        "  headers.set('x-seen', 'yes')",
        "  setResponseHeader('Cache-Control', 'no-store')",
        "  await fetch('https://example.com/status', { method: 'GET' })",
        '  await requireSession()',
        '  return { ok: true }',
      ].join('\n'),
    ),
  ].join('\n'),
  'src/routes/api/redirecting.ts': [
    "import { createFileRoute } from '@tanstack/react-router'",
    "import { getSession } from '#/lib/auth/session'",
    "import { db } from '#/server/db'",
    '',
    "export const Route = createFileRoute('/api/redirecting')({",
    '  server: {',
    '    handlers: {',
    '      GET: async () => {',
    '        const session = await getSession()',
    "        if (!session) return new Response(null, { status: 302, headers: { Location: '/sign-in' } })",
    '        return Response.json([1])',
    '      },',
    '      POST: async () => {',
    '        const session = await getSession()',
    '        if (!session) return Response.json(await db.list(), { status: 200 })',
    '        return Response.json([1])',
    '      },',
    '    },',
    '  },',
    '})',
    '',
  ].join('\n'),
  'src/routes/posts.tsx': [
    "import { Outlet, createFileRoute } from '@tanstack/react-router'",
    "import { requireAuth } from '#/lib/auth/guards'",
    '',
    "export const Route = createFileRoute('/posts')({ beforeLoad: requireAuth, component: Outlet })",
    '',
  ].join('\n'),
  'src/routes/posts_.$postId.tsx': [
    "import { createFileRoute } from '@tanstack/react-router'",
    "import { requireAuth as mustSignIn } from '../lib/auth/guards'",
    '',
    "export const Route = createFileRoute('/posts_/$postId')({ beforeLoad: mustSignIn, component: () => null })",
    '',
  ].join('\n'),
  'src/routes/posts_.about.tsx': [
    "import { createFileRoute } from '@tanstack/react-router'",
    '',
    "export const Route = createFileRoute('/posts_/about')({ component: () => null })",
    '',
  ].join('\n'),
}

beforeAll(() => {
  app = initApp()
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(app, file)), { recursive: true })
    writeFileSync(path.join(app, file), text)
  }
  // `@repo/auth-kit` is a package of the app's workspace: what it exports may be kit-auth's layer
  const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
  }
  manifest.dependencies['@repo/auth-kit'] = 'workspace:*'
  manifest.dependencies['@repo/linked-auth'] = '^1.0.0'
  // a registry package named like the seed's, declared but not installed yet: not kit-auth's either
  manifest.dependencies['@kit/declared'] = '^1.0.0'
  writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2))
  mkdirSync(path.join(app, 'packages/linked-auth'), { recursive: true })
  mkdirSync(path.join(app, 'node_modules/@repo'), { recursive: true })
  symlinkSync(path.join(app, 'packages/linked-auth'), path.join(app, 'node_modules/@repo/linked-auth'), 'dir')
  // a registry package that happens to be named like the seed's: installed, so not kit-auth's
  mkdirSync(path.join(app, 'node_modules/@kit/installed'), { recursive: true })
  const result = runCli(['audit', '--json', '--cwd', app])
  expect(result.stderr).toBe('')
  const findings = (JSON.parse(result.stdout) as { findings: { name: string; message: string }[] }).findings
  reported = new Map(findings.map((finding) => [finding.name, finding.message]))
})

afterAll(() => rmSync(app, { recursive: true, force: true }))

describe('audit: near misses and near hits', () => {
  it("takes kit-auth's names from a registry package or a look-alike destructuring for nothing", () => {
    expect(reported.has('fromPackage')).toBe(true)
    expect(reported.has('packageMiddleware')).toBe(true)
    expect(reported.has('destructuredLookAlike')).toBe(true)
    // the app's own workspace package, which it cannot read, is still trusted
    expect(reported.has('fromWorkspacePackage')).toBe(false)
    // and so is an alias the app sets up where kit-auth did not look: no package is named `~`
    expect(reported.has('fromUnknownAlias')).toBe(false)
    // or a folder of the app through tsconfig's baseUrl (src/lib)
    expect(reported.has('fromBaseUrl')).toBe(false)
    // or a workspace package declared by version, installed as a link to its folder
    expect(reported.has('fromLinkedPackage')).toBe(false)
    // or the seed's names for kit-auth's layer (@kit/better-auth/context, @kit/action-middleware), not installed
    expect(reported.has('fromSeedName')).toBe(false)
    expect(reported.has('seedAction')).toBe(false)
    expect(reported.has('fromInstalledKit')).toBe(true)
    expect(reported.has('fromDeclaredKit')).toBe(true)
  })

  it("reads the session an app's middleware put into the context under its own name, through an alias", () => {
    expect(reported.has('byContextKey')).toBe(false)
    expect(reported.has('byOtherKey')).toBe(true)
    // a user or a session that is not the caller's (a profile's owner, a Stripe checkout) is no sign-in
    expect(reported.has('byProfileUser')).toBe(true)
    // returning the caller's own session first leaves the check below it for everyone else
    expect(reported.has('ownSessionFirst')).toBe(false)
    expect(reported.has('ownSessionThenOpen')).toBe(true)
    expect(reported.has('sessionThenData')).toBe(true)
  })

  it('knows a guard imported under another name', () => {
    expect(reported.has('/posts/$postId')).toBe(false)
    expect(reported.get('/posts/about')).toMatch(/leaves \/posts \(guarded by requireAuth\)/)
  })

  it('takes `return session && data` as a refusal, and no other `&&`', () => {
    expect(reported.has('shortCircuit')).toBe(false)
    expect(reported.has('otherShortCircuit')).toBe(true)
  })

  it('counts no enforcing call whose failure nobody sees', () => {
    for (const name of ['voided', 'caught', 'notAwaited']) expect(reported.has(name), name).toBe(true)
    // a wrapper that is not async but returns the enforcing promise is not awaited either
    for (const name of ['wrapperNotAwaited', 'chainedWrapperNotAwaited', 'localWrapperNotAwaited'])
      expect(reported.has(name), name).toBe(true)
    expect(reported.has('wrapperAwaited')).toBe(false)
    // a synchronous guard throws where it is called: it needs no await
    expect(reported.has('syncGuardNotAwaited')).toBe(false)
  })

  it('takes a store write or a POST before the check for a write, and local changes for none', () => {
    expect(reported.has('storeWriteFirst')).toBe(true)
    expect(reported.has('postFirst')).toBe(true)
    expect(reported.has('localWritesFirst')).toBe(false)
  })

  it("takes a value that carries no data for a refusal (the seeds' `{ signedIn: false }`), and no other", () => {
    expect(reported.has('seedDashboard')).toBe(false)
    expect(reported.has('errorObject')).toBe(false)
    expect(reported.has('errorWithData')).toBe(true)
  })

  it('takes a redirect response (to sign-in) for a refusal, and a 200 for none', () => {
    expect(reported.get('/api/redirecting')).toMatch(/^POST runs for anyone/)
  })

  it('takes a 401 status set before returning an error as a refusal, and not before returning data', () => {
    expect(reported.has('statusRefusal')).toBe(false)
    expect(reported.has('statusNoRefusal')).toBe(true)
    expect(reported.has('statusWithData')).toBe(true)
    expect(reported.has('statusWithDataLater')).toBe(true)
  })

  it('takes a 401, 403, 404 or redirect response for a refusal only when its body carries no data', () => {
    for (const name of ['notFoundWithData', 'unauthorizedWithData', 'redirectWithData', 'forbiddenWithRows'])
      expect(reported.has(name), name).toBe(true)
    for (const name of ['stringifiedRefusal', 'jsonRefusal', 'notFoundRefusal', 'redirectRefusal'])
      expect(reported.has(name), name).toBe(false)
  })
})
