/**
 * add-guard against real dependencies: a copy of the installed default-npm fixture gets
 * `init --yes`, then guards of every kind, a route that `kit-auth protect --guard role:editor`
 * puts behind `requireEditorAuth` and server functions behind the role and permission
 * middleware. The app must type-check and build with zero errors, the role server functions' handlers must not ship to the client bundle, and the
 * built app, started with srvx, must answer over HTTP as the guards promise:
 * anonymous -> sign-in, plain user -> 404, editor -> 200; the role server function refuses the
 * plain user (403) and serves the editor.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inApp, startBuiltApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function cli(args: string[]): void {
  const result = runCli(args)
  expect(result.code, `kit-auth ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0)
}

function put(app: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(app, file)), { recursive: true })
  writeFileSync(path.join(app, file), text)
}

/** Every file under dir, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

/** Strings only the server functions' handler bodies contain. */
const MARKERS = ['EDITOR_ONLY_REPORT_BODY', 'PUBLISH_BODY_', 'MEMBER_INVITE_BODY']

const FUNCTIONS_FILE = 'src/lib/reports/reports.functions.ts'
const FUNCTIONS = `import { createServerFn } from '@tanstack/react-start'
import {
  editorAction,
  memberCreatePermissionAction,
  roleAction,
} from '#/lib/auth/action-middleware'

// Built with the role middleware factory on a plain createServerFn chain.
export const fetchReport = createServerFn({ method: 'POST' })
  .middleware([roleAction('editor')])
  .handler(async ({ context }) => {
    return { secret: 'EDITOR_ONLY_REPORT_BODY', for: context.user.email }
  })

// Built with the per-role builder.
export const publishReport = editorAction()
  .validator((input: { title: string }) => input)
  .handler(async ({ data, context }) => {
    return { published: \`PUBLISH_BODY_\${data.title}\`, by: context.user.id }
  })

// Built with the permission builder: context.organizationId and context.role are typed.
export const inviteMembers = memberCreatePermissionAction().handler(
  async ({ context }) => {
    const organizationId: string = context.organizationId
    return { invite: 'MEMBER_INVITE_BODY', organizationId, role: context.role }
  },
)
`

// No guard: `kit-auth protect /reports --guard role:editor` attaches requireEditorAuth (and
// `--guard admin` requireAdminAuth to the /admin copy). The component reads the guard's session.
const REPORTS_ROUTE = `import { createFileRoute } from '@tanstack/react-router'
import { fetchReport, publishReport } from '#/lib/reports/reports.functions'

export const Route = createFileRoute('/reports')({
  loader: () => fetchReport(),
  component: Reports,
})

function Reports() {
  const { session } = Route.useRouteContext()
  const report = Route.useLoaderData()
  return (
    <main>
      <h1>Reports for {session.user.email}</h1>
      <p>{report.for}</p>
      <button onClick={() => publishReport({ data: { title: 'q3' } })}>Publish</button>
    </main>
  )
}
`

const TEAM_ROUTE = `import { createFileRoute } from '@tanstack/react-router'
import { requireMemberCreatePermissionAuth } from '#/lib/auth/guards'
import { inviteMembers } from '#/lib/reports/reports.functions'

export const Route = createFileRoute('/team')({
  beforeLoad: requireMemberCreatePermissionAuth,
  component: Team,
})

function Team() {
  return <button onClick={() => inviteMembers()}>Invite</button>
}
`

const ORG_ROUTE = `import { createFileRoute } from '@tanstack/react-router'
import { requireOrganizationAuth } from '#/lib/auth/guards'
import { requireProjectCreatePermissionAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/org')({
  beforeLoad: requireOrganizationAuth,
  component: Org,
})

// Not attached: only here so the permission guard's type is checked against a route.
export const projectGuard: typeof requireProjectCreatePermissionAuth = requireProjectCreatePermissionAuth

function Org() {
  const { organizationId } = Route.useRouteContext()
  return <h1>Organization {organizationId}</h1>
}
`

describe('add-guard output type-checks, builds and guards over HTTP', () => {
  it('default init + role:editor, organization, permission guards: tsc, vite build, client bundle, HTTP', async () => {
    const timings: Record<string, number> = {}
    const time = <T>(label: string, fn: () => T): T => {
      const started = Date.now()
      try {
        return fn()
      } finally {
        timings[label] = Date.now() - started
      }
    }
    const app = await copyFixture('default-npm', { installed: true })
    temps.push(app)
    time('init', () => cli(['init', '--yes', '--cwd', app]))
    time('add-guard x4', () => {
      for (const kind of ['role:editor', 'organization', 'permission:project:create', 'permission:member:create'])
        cli(['add-guard', kind, '--cwd', app])
    })
    put(app, FUNCTIONS_FILE, FUNCTIONS)
    put(app, 'src/routes/reports.tsx', REPORTS_ROUTE)
    put(app, 'src/routes/team.tsx', TEAM_ROUTE)
    put(app, 'src/routes/org.tsx', ORG_ROUTE)
    time('protect', () => cli(['protect', '/reports', '--guard', 'role:editor', '--cwd', app]))
    const reports = readFileSync(path.join(app, 'src/routes/reports.tsx'), 'utf8')
    expect(reports).toContain("import { requireEditorAuth } from '#/lib/auth/guards'")
    expect(reports).toContain('beforeLoad: requireEditorAuth,')
    time('migrate (route tree)', () => cli(['migrate', '--cwd', app]))
    expect(readFileSync(path.join(app, 'src/routeTree.gen.ts'), 'utf8')).toContain("'/reports'")
    time('tsc', () => inApp(app, 'npx', ['tsc', '--noEmit']))
    time('vite build', () => inApp(app, 'npx', ['vite', 'build']))

    // The handlers stay on the server: the client only gets RPC stubs (their ids).
    const client = filesUnder(path.join(app, 'dist/client')).filter((file) => /\.m?js$/.test(file))
    const server = filesUnder(path.join(app, 'dist/server')).filter((file) => /\.m?js$/.test(file))
    const clientText = client.map((file) => readFileSync(file, 'utf8')).join('\n')
    const serverText = server.map((file) => readFileSync(file, 'utf8')).join('\n')
    for (const marker of MARKERS) {
      expect(clientText, `${marker} shipped to the client`).not.toContain(marker)
      expect(serverText, `${marker} missing from the server build`).toContain(marker)
    }
    for (const name of ['fetchReport', 'publishReport', 'inviteMembers'])
      expect(clientText, `${name} RPC stub`).toContain(functionId(name))
    // Nor do the middleware bodies or the server-only modules they use.
    expect(clientText).not.toContain('hasOrganizationPermission')
    expect(clientText).not.toContain('getActiveMember')

    const started = Date.now()
    await proveOverHttp(app)
    timings['http'] = Date.now() - started
    process.stderr.write(`[add-guard typecheck] ${JSON.stringify(timings)}\n`)
  }, 600_000)

  it('bare init (--no-admin --no-organization) + role, permission and admin guards: plugins added, migrated, tsc and build clean', async () => {
    const app = await copyFixture('default-npm', { installed: true })
    temps.push(app)
    cli(['init', '--yes', '--no-admin', '--no-organization', '--cwd', app])
    for (const kind of ['role:editor', 'permission:member:create', 'admin']) cli(['add-guard', kind, '--cwd', app])
    put(app, FUNCTIONS_FILE, FUNCTIONS)
    put(app, 'src/routes/reports.tsx', REPORTS_ROUTE)
    put(app, 'src/routes/team.tsx', TEAM_ROUTE)
    put(app, 'src/routes/admin.tsx', REPORTS_ROUTE.replace("'/reports'", "'/admin'"))
    cli(['protect', '/reports', '--guard', 'role:editor', '--cwd', app])
    cli(['protect', '/admin', '--guard', 'admin', '--cwd', app])
    expect(readFileSync(path.join(app, 'src/routes/reports.tsx'), 'utf8')).toContain('beforeLoad: requireEditorAuth,')
    expect(readFileSync(path.join(app, 'src/routes/admin.tsx'), 'utf8')).toContain('beforeLoad: requireAdminAuth,')
    cli(['migrate', '--cwd', app])
    inApp(app, 'npx', ['tsc', '--noEmit'])
    inApp(app, 'npx', ['vite', 'build'])
    expect(existsSync(path.join(app, 'dist/server/server.js'))).toBe(true)
    // add-guard migrated the plugins' schema
    const sqlite = createRequire(path.join(app, 'package.json'))('better-sqlite3') as new (file: string) => {
      prepare(sql: string): { all(): { name: string }[] }
      close(): void
    }
    const db = new sqlite(path.join(app, 'data/auth.db'))
    try {
      expect(
        db
          .prepare("select name from sqlite_master where type='table'")
          .all()
          .map((row) => row.name),
      ).toEqual(expect.arrayContaining(['organization', 'member']))
      expect(
        db
          .prepare('pragma table_info(user)')
          .all()
          .map((row) => row.name),
      ).toEqual(expect.arrayContaining(['role', 'banned', 'banExpires']))
    } finally {
      db.close()
    }
  }, 600_000)
})

/** The id Start gives a server function in a build: sha256 of `<file>--<export>_createServerFn_handler`. */
function functionId(name: string): string {
  return createHash('sha256').update(`${FUNCTIONS_FILE}--${name}_createServerFn_handler`).digest('hex')
}

/** Starts the built app with srvx (as `npm start` would) and checks the guards and server functions. */
async function proveOverHttp(app: string): Promise<void> {
  const server = await startBuiltApp(app)
  const { origin } = server
  try {
    const call = (pathname: string, init: RequestInit & { cookie?: string } = {}) =>
      fetch(`${origin}${pathname}`, {
        redirect: 'manual',
        ...init,
        headers: {
          origin,
          ...(init.cookie ? { cookie: init.cookie } : {}),
          ...(init.headers as Record<string, string>),
        },
      })

    // anonymous -> sign-in, carrying the page
    const anonymous = await call('/reports')
    expect(anonymous.status).toBe(307)
    expect(anonymous.headers.get('location')).toBe('/sign-in?redirect=%2Freports')

    const signUp = async (name: string) => {
      const response = await call('/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, email: `${name}@example.com`, password: 'correct-horse-battery' }),
      })
      expect(response.status, await response.clone().text()).toBe(200)
      return response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; ')
    }
    const plain = await signUp('plain')
    const editor = await signUp('editor')
    const sqlite = createRequire(path.join(app, 'package.json'))('better-sqlite3') as new (file: string) => {
      prepare(sql: string): { run(...args: unknown[]): { changes: number } }
      close(): void
    }
    const db = new sqlite(path.join(app, 'data/auth.db'))
    try {
      expect(db.prepare("update user set role = 'editor' where email = ?").run('editor@example.com').changes).toBe(1)
    } finally {
      db.close()
    }

    // the route: plain user -> 404 (hidden), editor -> 200
    expect((await call('/reports', { cookie: plain })).status).toBe(404)
    const page = await call('/reports', { cookie: editor })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('editor@example.com')

    // the role server functions authorize themselves, whatever the guards did
    const fn = (name: string, cookie?: string, body?: string) =>
      call(`/_serverFn/${functionId(name)}`, {
        method: 'POST',
        cookie,
        ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}),
      })
    expect((await fn('fetchReport')).status).toBe(401)
    const refused = await fn('fetchReport', plain)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('Forbidden')
    const served = await fn('fetchReport', editor)
    expect(served.status).toBe(200)
    expect(await served.text()).toContain('EDITOR_ONLY_REPORT_BODY')
    const title =
      '{"t":{"t":10,"i":0,"p":{"k":["data"],"v":[{"t":10,"i":1,"p":{"k":["title"],"v":[{"t":1,"s":"q3"}]},"o":0}]},"o":0},"f":127,"m":[]}'
    expect((await fn('publishReport', plain, title)).status).toBe(403)
    const published = await fn('publishReport', editor, title)
    expect(published.status).toBe(200)
    expect(await published.text()).toContain('PUBLISH_BODY_q3')

    // organization guard: no active organization -> the app home
    const noOrganization = await call('/org', { cookie: plain })
    expect(noOrganization.status).toBe(307)
    expect(noOrganization.headers.get('location')).toBe('/')

    // permission guard + middleware: the editor creates an organization (owner: may create members)
    const created = await call('/api/auth/organization/create', {
      method: 'POST',
      cookie: editor,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme', slug: 'acme' }),
    })
    expect(created.status, await created.clone().text()).toBe(200)
    expect((await call('/org', { cookie: editor })).status).toBe(200)
    expect((await call('/team', { cookie: plain })).status).toBe(404)
    expect((await call('/team', { cookie: editor })).status).toBe(200)
    expect((await fn('inviteMembers')).status).toBe(401)
    expect((await fn('inviteMembers', plain)).status).toBe(403)
    const invited = await fn('inviteMembers', editor)
    expect(invited.status).toBe(200)
    expect(await invited.text()).toContain('MEMBER_INVITE_BODY')
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server log ---\n${server.log().slice(-4000)}`, { cause: error })
  } finally {
    await server.stop()
  }
}
