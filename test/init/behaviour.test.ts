/**
 * How `kit-auth init` behaves around the generated files: dry runs, re-runs, conflicts,
 * existing env values, bad input (always: a reason and a hint, nothing written) and
 * non-interactive runs.
 */
import { spawn, spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, runCli } from '../helpers/cli.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'
import {
  appDirOf,
  changedFiles,
  copyFixture,
  editJson,
  expectedCreated,
  init,
  parseDocument,
  SECRET_SHAPE,
  type InitDocument,
} from './support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function fixtureCopy(name = 'default-npm'): string {
  const root = copyFixture(name)
  copies.push(root)
  return root
}

/** The `  <action>  <path>` lines of a prose report. */
function reportedChanges(stdout: string): { path: string; action: string }[] {
  return [...stdout.matchAll(/^ {2}(create|update|unchanged|conflict) +(\S+)/gm)].map((match) => ({
    action: match[1]!,
    path: match[2]!,
  }))
}

const YES = ['--yes', '--no-install']

describe('init --dry-run', () => {
  it('lists every planned file with create/update, writes nothing, exit 0', () => {
    const root = fixtureCopy()
    const before = snapshotTree(root)
    const { code, stdout, stderr } = init(root, [...YES, '--dry-run'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(snapshotTree(root)).toEqual(before)

    const expected = [
      ...expectedCreated('src', 'src/routes').map((file) => ({ path: file, action: 'create' })),
      { path: 'src/start.ts', action: 'create' },
      { path: 'package.json', action: 'update' },
      { path: '.gitignore', action: 'update' },
    ]
    const byPath = (list: { path: string; action: string }[]) => [...list].sort((a, b) => a.path.localeCompare(b.path))
    expect(byPath(reportedChanges(stdout))).toEqual(byPath(expected))
    expect(stdout).toContain('Dry run: 28 created, 2 updated planned; nothing was written.')
    expect(stdout).toMatch(
      /Then it would: Install the new dependencies: `npm install`; Then run `npx kit-auth migrate`[^\n]*\(it also regenerates the route tree\)\.\n/,
    )
    expect(stdout).not.toMatch(/\.\.$/m) // no sentence ends twice
  })

  it('with --json prints one JSON document listing the same paths and actions, and the real run does just that', () => {
    const root = fixtureCopy()
    const before = snapshotTree(root)
    const prose = reportedChanges(init(root, [...YES, '--dry-run']).stdout)
    const dry = init(root, [...YES, '--dry-run', '--json'])
    expect(dry.code).toBe(0)
    expect(snapshotTree(root)).toEqual(before)
    const document = parseDocument(dry.stdout) // throws unless stdout is exactly one JSON document
    expect(document.ok).toBe(true)
    expect(document.dryRun).toBe(true)
    expect(document.changes.map(({ path, action }) => ({ path, action }))).toEqual(prose)

    const real = parseDocument(init(root, [...YES, '--json']).stdout)
    expect(real.changes).toEqual(document.changes)
    expect(changedFiles(before, snapshotTree(root))).toEqual(document.changes.map((change) => change.path).sort())
  })

  it('with --diff shows unified diffs but never the secret', () => {
    const root = fixtureCopy()
    const before = snapshotTree(root)
    const { code, stdout } = init(root, [...YES, '--dry-run', '--diff'])
    expect(code).toBe(0)
    expect(snapshotTree(root)).toEqual(before)
    expect(stdout).toContain('--- /dev/null\n+++ b/src/lib/auth/guards.ts\n@@ -0,0 +1,')
    expect(stdout).toContain('--- a/package.json\n+++ b/package.json\n')
    expect(stdout).toMatch(/^\+ {4}"better-auth": "\^\d/m)
    expect(stdout).toMatch(/^\+\/data\/$/m) // the .gitignore line
    expect(stdout).toContain('+++ b/.env.local')
    expect(stdout).toMatch(/^\+BETTER_AUTH_SECRET=\*\*\*$/m)
    expect(stdout).not.toMatch(SECRET_SHAPE)

    // The same holds for the diffs inside a --json document.
    const json = init(root, [...YES, '--dry-run', '--diff', '--json']).stdout
    expect(parseDocument(json).changes.find((change) => change.path === '.env.local')?.diff).toContain(
      '+BETTER_AUTH_SECRET=***',
    )
    expect(json).not.toMatch(SECRET_SHAPE)
  })
})

describe('init report', () => {
  it('lists the created files and ends with the next steps; --json says ok: true', () => {
    const root = fixtureCopy()
    const { code, stdout } = init(root, YES)
    expect(code).toBe(0)
    const reported = reportedChanges(stdout)
    for (const file of [...expectedCreated('src', 'src/routes'), 'src/start.ts'])
      expect(reported).toContainEqual({ path: file, action: 'create' })
    expect(stdout).toContain('✔ 28 created, 2 updated.')
    const [, next] = stdout.split('\nNext:\n')
    expect(next, 'a "Next:" section').toBeDefined()
    const steps = next!.trimEnd().split('\n')
    expect(steps.every((line) => line.startsWith('  - '))).toBe(true) // nothing after the steps
    expect(steps[0]).toBe('  - Install the new dependencies: `npm install`')
    expect(next).toContain('npx kit-auth migrate')
    expect(next).toContain('http://localhost:3000/sign-up')
    expect(next).toContain('#/lib/auth/action-middleware')
    expect(stdout).not.toMatch(SECRET_SHAPE)

    // run from elsewhere with --cwd: the steps say where to run them
    const other = fixtureCopy()
    const elsewhere = runCli(['init', ...YES, '--cwd', path.basename(other)], { cwd: path.dirname(other) })
    expect(elsewhere.code).toBe(0)
    expect(elsewhere.stdout).toContain(
      `\nNext (in ${path.basename(other)}):\n  - Install the new dependencies: \`npm install\``,
    )

    const json = parseDocument(init(fixtureCopy(), [...YES, '--json']).stdout)
    expect(json.ok).toBe(true)
    expect(json.dryRun).toBe(false)
    expect(json.nextSteps.length).toBeGreaterThanOrEqual(3)
  })
})

describe('init re-run', () => {
  it.each(['default-npm', 'custom-dirs-at', 'no-alias', 'pnpm-monorepo'])(
    'on %s prints "Nothing to do" and changes no byte (the secret included)',
    (name) => {
      const root = fixtureCopy(name)
      const app = appDirOf(name, root)
      expect(init(app, YES).code).toBe(0)
      const once = snapshotTree(root)
      const { code, stdout } = init(app, YES)
      expect(code).toBe(0)
      expect(stdout).toContain('Nothing to do')
      expect(reportedChanges(stdout).every((change) => change.action === 'unchanged')).toBe(true)
      expect(snapshotTree(root)).toEqual(once)
    },
  )
})

describe('init over an edited generated file', () => {
  it('refuses with exit 1 naming the file and writes nothing; --force regenerates it', () => {
    const root = fixtureCopy()
    expect(init(root, YES).code).toBe(0)
    const guards = path.join(root, 'src/lib/auth/guards.ts')
    const generated = readFileSync(guards, 'utf8')
    appendFileSync(guards, '\nexport const mine = true\n')
    const edited = snapshotTree(root)

    const refused = init(root, YES)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('src/lib/auth/guards.ts')
    expect(refused.stderr).toContain('--force')
    expect(refused.stdout).toMatch(/^ {2}conflict +src\/lib\/auth\/guards\.ts \(exists with different content\)$/m)
    expect(snapshotTree(root)).toEqual(edited)

    const forced = init(root, [...YES, '--force'])
    expect(forced.code).toBe(0)
    expect(forced.stdout).toContain('1 overwritten')
    expect(readFileSync(guards, 'utf8')).toBe(generated)
    expect(changedFiles(edited, snapshotTree(root))).toEqual(['src/lib/auth/guards.ts'])
  })
})

describe('init and a CSRF middleware already in start.ts', () => {
  const start = (body: string, list: string) =>
    `import { createCsrfMiddleware, createStart } from '@tanstack/react-start'\n\n${body}\n\n` +
    `export const startInstance = createStart(() => ({\n  requestMiddleware: [${list}],\n}))\n`

  it('one only mentioned in a comment, or an unused constant, protects nothing: init lists its own, keeps none', () => {
    const comment = '// const csrf = createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === "serverFn" })'
    for (const body of [comment, 'const unused = createCsrfMiddleware()']) {
      const root = fixtureCopy()
      writeFileSync(path.join(root, 'src/start.ts'), start(body, ''))
      const { code, stdout, stderr } = init(root, YES)
      expect(code, stderr).toBe(0)
      const written = readFileSync(path.join(root, 'src/start.ts'), 'utf8')
      expect(written, body).toContain('requestMiddleware: [securityHeadersMiddleware, csrfMiddleware]')
      expect(written).toMatch(
        /import \{\s*securityHeadersMiddleware,\s*csrfMiddleware,?\s*\} from '#\/lib\/auth\/request-middleware'/,
      )
      expect(stdout).not.toContain('Kept the CSRF middleware')
      expect(stderr).toBe('')
    }
  })

  it('a weakened one (allowRequestsWithoutOriginCheck: true) gets a warning naming why, and kit-auth’s runs too', () => {
    const root = fixtureCopy()
    const weak = 'const csrf = createCsrfMiddleware({ allowRequestsWithoutOriginCheck: true })'
    writeFileSync(path.join(root, 'src/start.ts'), start(weak, 'csrf'))
    const { code, stdout, stderr } = init(root, [...YES, '--json'])
    expect(code, stderr).toBe(0)
    expect(readFileSync(path.join(root, 'src/start.ts'), 'utf8')).toContain(
      'requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, csrf]',
    )
    const warning =
      'The CSRF middleware csrf in src/start.ts does not protect every server function: allowRequestsWithoutOriginCheck: ' +
      "true lets requests with no Origin, Sec-Fetch-Site or Referer through. kit-auth's csrfMiddleware runs before it."
    expect(stderr).toBe(`! ${warning}\n`)
    const document = parseDocument(stdout) as InitDocument & { notes?: string[]; warnings?: string[] }
    expect(document.warnings).toEqual([warning])
    expect(document.notes?.join('\n') ?? '').not.toContain('Kept the CSRF middleware')
  })
})

describe('init on a Start without createCsrfMiddleware (< 1.168)', () => {
  it('checks server functions where the app serves them: a Vite base and serverFns.base', () => {
    const root = fixtureCopy('older-start')
    const config = path.join(root, 'vite.config.ts')
    const original = readFileSync(config, 'utf8')
    const custom = original
      .replace('resolve: {', "base: '/app/',\n  resolve: {")
      .replace('tanstackStart()', "tanstackStart({ serverFns: { base: '/rpc' } })")
    expect(custom).not.toBe(original)
    writeFileSync(config, custom)
    const { code, stderr } = init(root, YES)
    expect(code, stderr).toBe(0)
    const middleware = readFileSync(path.join(root, 'src/lib/auth/request-middleware.ts'), 'utf8')
    expect(middleware).toContain("const SERVER_FN_BASE = process.env.TSS_SERVER_FN_BASE || '/app/rpc/'")
    expect(middleware).toContain('pathname.startsWith(SERVER_FN_BASE)')
    expect(middleware).not.toContain('_serverFn')
  })
})

describe('init next to the app’s own routes', () => {
  const page = (id: string, body: string) =>
    `import { createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('${id}')(${body})\n`

  it('an existing /account keeps its URL: the account and API-token page moves to /account/api-tokens, and says so', () => {
    const root = fixtureCopy()
    writeFileSync(path.join(root, 'src/routes/account.tsx'), page('/account', '{ component: () => <main>Mine</main> }'))
    const before = readFileSync(path.join(root, 'src/routes/account.tsx'), 'utf8')
    const { code, stdout } = init(root, [...YES, '--json'])
    expect(code).toBe(0)
    const document = parseDocument(stdout) as InitDocument & { notes?: string[] }
    const created = document.changes.filter((change) => change.action === 'create').map((change) => change.path)
    expect(created).toContain('src/routes/_authenticated/account/api-tokens.tsx')
    expect(created).not.toContain('src/routes/_authenticated/account.tsx')
    expect(readFileSync(path.join(root, 'src/routes/_authenticated/account/api-tokens.tsx'), 'utf8')).toContain(
      "createFileRoute('/_authenticated/account/api-tokens')",
    )
    expect(readFileSync(path.join(root, 'src/routes/account.tsx'), 'utf8')).toBe(before)
    expect(document.notes).toContain(
      'Your app already has a /account route: the account and API-token page is at /account/api-tokens (src/routes/_authenticated/account/api-tokens.tsx).',
    )
    // the two pages no longer claim one URL
    const routes = runCli(['routes', '--json'], { cwd: root })
    const paths = (JSON.parse(routes.stdout) as { routes: { path: string }[] }).routes.map((route) => route.path)
    expect(paths.filter((urlPath) => urlPath === '/account')).toHaveLength(1)
    expect(init(root, YES).stdout).toContain('Nothing to do')
  })

  it('--no-layout writes neither the layout nor the account page, and leaves the app’s own /_authenticated alone', () => {
    const root = fixtureCopy()
    writeFileSync(
      path.join(root, 'src/routes/_authenticated.tsx'),
      page('/_authenticated', '{ component: () => null }'),
    )
    const before = readFileSync(path.join(root, 'src/routes/_authenticated.tsx'), 'utf8')
    const { code, stdout } = init(root, [...YES, '--no-layout', '--json'])
    expect(code).toBe(0)
    expect(
      parseDocument(stdout)
        .changes.map((change) => change.path)
        .filter((file) => file.includes('_authenticated')),
    ).toEqual([])
    expect(readFileSync(path.join(root, 'src/routes/_authenticated.tsx'), 'utf8')).toBe(before)
  })

  it('an existing /_authenticated layout with its own leaf account page: both kept, the token page goes to /api-tokens (not under the leaf, where it would never render)', () => {
    const root = fixtureCopy()
    mkdirSync(path.join(root, 'src/routes/_authenticated'), { recursive: true })
    writeFileSync(
      path.join(root, 'src/routes/_authenticated/route.tsx'),
      page('/_authenticated', '{ component: () => null }'),
    )
    writeFileSync(
      path.join(root, 'src/routes/_authenticated/account.tsx'),
      page('/_authenticated/account', '{ component: () => <main>Mine</main> }'),
    )
    const before = readFileSync(path.join(root, 'src/routes/_authenticated/account.tsx'), 'utf8')
    const { code, stdout, stderr } = init(root, [...YES, '--json'])
    expect(code, stderr).toBe(0)
    const document = parseDocument(stdout) as InitDocument & { notes?: string[] }
    expect(document.changes).toContainEqual({ path: 'src/routes/_authenticated/api-tokens.tsx', action: 'create' })
    expect(document.changes.map((change) => change.path)).not.toContain(
      'src/routes/_authenticated/account/api-tokens.tsx',
    )
    expect(document.notes).toContain(
      'Your app already has a /account route: the account and API-token page is at /api-tokens ' +
        '(src/routes/_authenticated/api-tokens.tsx), not under src/routes/_authenticated/account.tsx, which renders ' +
        'no <Outlet /> (a page nested there would never show).',
    )
    expect(readFileSync(path.join(root, 'src/routes/_authenticated/account.tsx'), 'utf8')).toBe(before)
    expect(init(root, YES).stdout).toContain('Nothing to do')
  })

  it('an own account page that renders an <Outlet /> (or has no component) takes the token page at /account/api-tokens', () => {
    for (const body of ['{ component: () => <section><Outlet /></section> }', '{ beforeLoad: () => ({}) }']) {
      const root = fixtureCopy()
      mkdirSync(path.join(root, 'src/routes/_authenticated'), { recursive: true })
      writeFileSync(
        path.join(root, 'src/routes/_authenticated/route.tsx'),
        page('/_authenticated', '{ component: () => null }'),
      )
      writeFileSync(
        path.join(root, 'src/routes/_authenticated/account.tsx'),
        page('/_authenticated/account', body).replace('{ createFileRoute }', '{ createFileRoute, Outlet }'),
      )
      const { code, stdout, stderr } = init(root, [...YES, '--json'])
      expect(code, stderr).toBe(0)
      expect(parseDocument(stdout).changes).toContainEqual({
        path: 'src/routes/_authenticated/account/api-tokens.tsx',
        action: 'create',
      })
    }
  })

  it('an existing /_authenticated layout is kept and guarded (its own beforeLoad runs after requireAuth), not overwritten', () => {
    const root = fixtureCopy()
    writeFileSync(
      path.join(root, 'src/routes/_authenticated.tsx'),
      page('/_authenticated', "{\n  beforeLoad: () => ({ area: 'members' }),\n  component: () => null,\n}"),
    )
    const { code, stdout } = init(root, [...YES, '--json'])
    expect(code).toBe(0)
    const document = parseDocument(stdout) as InitDocument & { notes?: string[] }
    expect(document.changes.map((change) => change.path)).not.toContain('src/routes/_authenticated/route.tsx')
    expect(document.changes).toContainEqual({ path: 'src/routes/_authenticated.tsx', action: 'update' })
    const layout = readFileSync(path.join(root, 'src/routes/_authenticated.tsx'), 'utf8')
    expect(layout).toContain("import { requireAuth } from '#/lib/auth/guards'")
    expect(layout).toMatch(/beforeLoad: async \(ctx\) => \(\{\s*\.\.\.\(await requireAuth\(ctx\)\)/)
    expect(layout).toContain("area: 'members'")
    expect(document.notes).toContain(
      'Kept your own /_authenticated layout (src/routes/_authenticated.tsx) and guarded it with requireAuth, before its own beforeLoad.',
    )
    // the layout's guard puts the session in the context: the account page has no guard of its own
    const account = readFileSync(path.join(root, 'src/routes/_authenticated/account.tsx'), 'utf8')
    expect(account).not.toContain('beforeLoad')
    expect(account).not.toContain('requireAuth')
    expect(init(root, YES).stdout).toContain('Nothing to do')
  })

  // issue 12 C: requireAuth composed in front of the app's own check sent signed-out visitors to kit-auth's
  // /sign-in instead of where the app sends them, and fetched the session twice on every navigation
  const OWN_CHECKS = [
    {
      file: 'src/routes/_authenticated.tsx',
      body:
        "{\n  beforeLoad: async () => {\n    if (!(await hasSession())) {\n      throw redirect({ to: '/' })\n    }\n  },\n" +
        '  component: () => <Outlet />,\n}',
      detail: 'own beforeLoad: throws redirect to /',
    },
    {
      file: 'src/routes/_authenticated/route.tsx',
      body:
        "{\n  beforeLoad: ({ context }) => {\n    if (!context.user) throw redirect({ to: '/login' })\n" +
        '    return { user: context.user }\n  },\n  component: () => <Outlet />,\n}',
      detail: 'own beforeLoad: throws redirect to /login',
    },
    {
      file: 'src/routes/_authenticated.tsx',
      body: "{\n  loader: async () => {\n    if (!(await hasSession())) throw redirect({ to: '/' })\n  },\n}",
      detail: 'redirect in loader: throws redirect to /',
    },
    {
      file: 'src/routes/_authenticated.tsx',
      body: '{\n  server: { middleware: [authMiddleware] },\n  component: () => <Outlet />,\n}',
      detail: 'server middleware: authMiddleware',
      more:
        ' Server middleware runs for requests that reach the server, not for client-side navigation: ' +
        '`kit-auth protect /_authenticated --force` adds requireAuth in front of it.',
    },
  ]
  it.each(OWN_CHECKS)(
    'an existing /_authenticated layout with its own check ($detail) is left as it is; the account page runs requireAuth itself',
    ({ file, body, detail, more }) => {
      const root = fixtureCopy()
      mkdirSync(path.join(root, 'src/routes/_authenticated'), { recursive: true })
      const own =
        "import { createFileRoute, Outlet, redirect } from '@tanstack/react-router'\n" +
        "import { createMiddleware } from '@tanstack/react-start'\n" +
        'const hasSession = async () => false\n' +
        'const authMiddleware = createMiddleware().server(({ next }) => next())\n\n' +
        `export const Route = createFileRoute('/_authenticated')(${body})\n`
      writeFileSync(path.join(root, file), own)
      writeFileSync(
        path.join(root, 'src/routes/_authenticated/dashboard.tsx'),
        page('/_authenticated/dashboard', '{ component: () => <main>Dashboard</main> }'),
      )
      const { code, stdout, stderr } = init(root, [...YES, '--json'])
      expect(code, stderr).toBe(0)
      const document = parseDocument(stdout) as InitDocument & { notes?: string[] }
      expect(readFileSync(path.join(root, file), 'utf8')).toBe(own)
      expect(document.changes.map((change) => change.path)).not.toContain(file)
      expect(document.changes).toContainEqual({ path: 'src/routes/_authenticated/account.tsx', action: 'create' })
      expect(document.notes).toContain(
        `Kept your own /_authenticated layout (${file}) as it is: it already keeps signed-out visitors out ` +
          `(${detail}), so kit-auth added no second check there. The account page ` +
          '(src/routes/_authenticated/account.tsx) runs requireAuth itself for the session it shows.' +
          (more ?? ''),
      )
      expect(document.notes?.join('\n')).not.toContain('guarded it with requireAuth')
      // the session the page reads comes from its own guard, since the layout's check returns none
      const account = readFileSync(path.join(root, 'src/routes/_authenticated/account.tsx'), 'utf8')
      expect(account).toContain("import { requireAuth } from '#/lib/auth/guards'")
      expect(account).toMatch(
        /createFileRoute\('\/_authenticated\/account'\)\(\{\n {2}beforeLoad: requireAuth,\n {2}loader:/,
      )
      expect(account).toContain('const { session } = Route.useRouteContext()')
      // routes and protect read the layout as the app's own protection, and the page as guarded
      const routes = JSON.parse(runCli(['routes', '--json'], { cwd: root }).stdout) as {
        routes: { id: string; guard: string | null; protection: { from: string } | null }[]
      }
      const byId = new Map(routes.routes.map((route) => [route.id, route]))
      expect(byId.get('/_authenticated')).toMatchObject({ guard: null, protection: { from: '/_authenticated' } })
      expect(byId.get('/_authenticated/dashboard')).toMatchObject({
        guard: null,
        protection: { from: '/_authenticated' },
      })
      expect(byId.get('/_authenticated/account')).toMatchObject({ guard: 'requireAuth' })
      const protect = runCli(['protect', '/dashboard', '--json'], { cwd: root })
      expect(protect.code, protect.stderr).toBe(0)
      expect(JSON.parse(protect.stdout)).toMatchObject({ routes: [{ status: 'covered' }] })
      expect(init(root, YES).stdout).toContain('Nothing to do')
    },
  )
})

describe('init with existing values', () => {
  it('keeps BETTER_AUTH_URL from .env.local and adds only the secret', () => {
    const root = fixtureCopy()
    const original = 'PORT=3000\nBETTER_AUTH_URL=https://example.test\n'
    writeFileSync(path.join(root, '.env.local'), original)
    const { code, stdout } = init(root, YES)
    expect(code).toBe(0)
    expect(reportedChanges(stdout)).toContainEqual({ path: '.env.local', action: 'update' })
    const env = readFileSync(path.join(root, '.env.local'), 'utf8')
    expect(env.startsWith(original)).toBe(true)
    const added = env
      .slice(original.length)
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
    expect(added).toHaveLength(1)
    expect(added[0]).toMatch(/^BETTER_AUTH_SECRET=[0-9a-f]{64}$/)
    expect(env.match(/BETTER_AUTH_URL=/g)).toHaveLength(1)
  })
})

describe('init refuses bad input with a reason and a hint, writing nothing', () => {
  /** Runs init in `root` and checks the shared contract; returns the reason line. */
  function refuse(root: string): string {
    const before = snapshotTree(root)
    const { code, stderr } = init(root, YES)
    expect(code).not.toBe(0)
    const lines = stderr.trimEnd().split('\n')
    expect(lines, stderr).toHaveLength(2)
    expect(lines[0]).toMatch(/^✖ \S/)
    expect(lines[1]).toMatch(/^ {2}\S/)
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(snapshotTree(root)).toEqual(before)
    return lines[0]!
  }

  it('no package.json', () => {
    const root = makeTree({ 'src/index.ts': 'export {}\n' })
    copies.push(root)
    expect(refuse(root)).toContain('No package.json')
  })

  it('a Next.js app', () => {
    const root = makeTree({
      'package.json': JSON.stringify(
        { name: 'next-app', dependencies: { next: '15.3.0', react: '19.1.0', 'react-dom': '19.1.0' } },
        null,
        2,
      ),
      'app/page.tsx': 'export default function Page() { return null }\n',
    })
    copies.push(root)
    const reason = refuse(root)
    expect(reason).toContain('Not a TanStack Start app')
    expect(reason).toContain('next')
  })

  it('an unsupported Start version', () => {
    const root = fixtureCopy()
    editJson(path.join(root, 'package.json'), (json) => {
      json.dependencies['@tanstack/react-start'] = '1.120.0'
    })
    unlinkSync(path.join(root, 'package-lock.json'))
    const reason = refuse(root)
    expect(reason).toContain('1.120.0')
    expect(reason).toContain('1.132.0')
  })

  it('an unparseable tsconfig.json, naming the file and line:column', () => {
    const root = fixtureCopy()
    writeFileSync(
      path.join(root, 'tsconfig.json'),
      '{\n  "compilerOptions": {\n    "paths": { "#/*": ["./src/*"] },\n    "strict": true true\n  }\n}\n',
    )
    expect(refuse(root)).toMatch(/tsconfig\.json at 4:20\b/)
  })

  it('an unparseable vite.config.ts', () => {
    const root = fixtureCopy()
    writeFileSync(
      path.join(root, 'vite.config.ts'),
      "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  plugins: [tanstackStart(),,\n})\n",
    )
    expect(refuse(root)).toMatch(/vite\.config\.ts at 5:1\b/)
  })

  it('a start.ts or a kept layout that does not parse: file:line:column and the parser message', () => {
    const start = fixtureCopy()
    writeFileSync(
      path.join(start, 'src/start.ts'),
      "import { createStart } from '@tanstack/react-start'\n\nexport const startInstance = createStart(() => ({\n  requestMiddleware: [],\n}\n",
    )
    expect(refuse(start)).toBe("✖ src/start.ts:6:1 does not parse: ')' expected.")
    const layout = fixtureCopy()
    mkdirSync(path.join(layout, 'src/routes/_authenticated'))
    writeFileSync(
      path.join(layout, 'src/routes/_authenticated/route.tsx'),
      "import { createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/_authenticated')({\n  component: Outlet,\n",
    )
    expect(refuse(layout)).toBe("✖ src/routes/_authenticated/route.tsx:5:1 does not parse: '}' expected.")
  })

  it('src/lib is a file: the commit fails and leaves nothing behind', () => {
    const root = fixtureCopy()
    writeFileSync(path.join(root, 'src/lib'), 'not a folder\n')
    expect(refuse(root)).toMatch(/^✖ Could not write src\/lib\/auth\/auth\.ts .*nothing was changed\.$/)
  })

  it('src/routes/api is a file: the lib files already staged are rolled back, no temp file or folder left', () => {
    const root = fixtureCopy()
    writeFileSync(path.join(root, 'src/routes/api'), 'not a folder\n')
    // src/lib/auth/* are staged (temp files, new folders) before the route write fails.
    expect(refuse(root)).toMatch(/^✖ Could not write src\/routes\/api\/auth\/\$\.ts .*nothing was changed\.$/)
  })
})

describe('init without a terminal to ask on', () => {
  it('with CI=true and no --yes, uses the defaults instead of waiting for answers', () => {
    const root = fixtureCopy()
    const started = Date.now()
    const result = spawnSync(process.execPath, [CLI, 'init', '--no-install'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'], // stdin open and silent: a prompt would wait forever
      timeout: 20_000,
    })
    expect(result.error, 'timed out: init waited for input').toBeUndefined()
    expect(result.status).toBe(0)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.stdout).toContain('✔ 28 created, 2 updated.')
    expect(readFileSync(path.join(root, 'src/lib/auth/auth.ts'), 'utf8')).toContain('new Database(databasePath)') // sqlite
    expect(readFileSync(path.join(root, 'src/routes/sign-in.tsx'), 'utf8')).toContain("createFileRoute('/sign-in')")
  })

  // On a real terminal (a pty from util-linux `script`), CI=true alone must stop the prompts.
  const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0
  it.runIf(hasScript)('on a TTY with CI=true and no --yes, still never prompts (without CI it does)', async () => {
    const root = fixtureCopy()
    const before = snapshotTree(root)
    // A pty with no size would wrap the prompt one character a line: give it one.
    const command = `stty cols 120 rows 40; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} init --no-install --dry-run`
    const onTty = (env: Record<string, string>, ms: number) =>
      new Promise<{ output: string; timedOut: boolean; code: number | null }>((resolve) => {
        const child = spawn('script', ['-qec', command, '/dev/null'], {
          cwd: root,
          env: { ...process.env, NO_COLOR: '1', ...env },
          stdio: ['pipe', 'pipe', 'pipe'],
          detached: true,
        })
        let output = ''
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
        const timer = setTimeout(() => {
          try {
            // script ends the program it runs on SIGTERM
            process.kill(-child.pid!, 'SIGTERM')
          } catch {
            // already gone
          }
          resolve({ output, timedOut: true, code: null })
        }, ms)
        child.on('exit', (code) => {
          clearTimeout(timer)
          resolve({ output, timedOut: false, code })
        })
      })

    const ci = await onTty({ CI: 'true' }, 20_000)
    expect(ci.timedOut, ci.output).toBe(false)
    expect(ci.code).toBe(0)
    expect(ci.output).toContain('Dry run: 28 created, 2 updated planned')
    expect(ci.output).not.toContain('Database for Better Auth')

    // Control: the same terminal without CI is interactive, so the test above proves something.
    const interactive = await onTty({ CI: '' }, 4_000)
    expect(interactive.output).toContain('Database for Better Auth')
    expect(snapshotTree(root)).toEqual(before)
  })
})

describe('the client address rate limits key on (lib/auth/client-ip.ts)', () => {
  const header = (root: string) => readFileSync(path.join(root, 'src/lib/auth/client-ip.ts'), 'utf8')

  it('reads the header the detected host sets (Fly, Vercel); none on a plain Node app (the TCP peer)', () => {
    const fly = fixtureCopy()
    writeFileSync(path.join(fly, 'fly.toml'), "app = 'demo'\n")
    expect(init(fly, YES).code).toBe(0)
    expect(header(fly)).toContain("process.env.AUTH_TRUSTED_IP_HEADER || 'fly-client-ip'")
    const vercel = fixtureCopy()
    writeFileSync(path.join(vercel, 'vercel.json'), '{}\n')
    expect(init(vercel, YES).code).toBe(0)
    expect(header(vercel)).toContain("process.env.AUTH_TRUSTED_IP_HEADER || 'x-real-ip'")
    const plain = fixtureCopy()
    expect(init(plain, YES).code).toBe(0)
    expect(header(plain)).toContain('const header = process.env.AUTH_TRUSTED_IP_HEADER\n')
  })
})

describe('account emails on hosts that end work with the response (lib/auth/email.ts)', () => {
  const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8')
  const dependencies = (root: string) =>
    (JSON.parse(read(root, 'package.json')) as { dependencies: Record<string, string> }).dependencies

  it("hands the send to Vercel's waitUntil (@vercel/functions added); a plain Node app sends in the background alone", () => {
    const vercel = fixtureCopy()
    writeFileSync(path.join(vercel, 'vercel.json'), '{}\n')
    expect(init(vercel, YES).code).toBe(0)
    expect(read(vercel, 'src/lib/auth/email.ts')).toContain("import { waitUntil } from '@vercel/functions'")
    expect(read(vercel, 'src/lib/auth/email.ts')).toContain('waitUntil(task)')
    expect(dependencies(vercel)['@vercel/functions']).toMatch(/^\^3\./)
    const plain = fixtureCopy()
    expect(init(plain, YES).code).toBe(0)
    expect(read(plain, 'src/lib/auth/email.ts')).not.toContain('waitUntil')
    expect(dependencies(plain)['@vercel/functions']).toBeUndefined()
    expect(dependencies(plain)).toMatchObject({ nodemailer: expect.any(String), resend: expect.any(String) })
  })

  it('--no-email writes no email module, pages or transports; --no-password-reset keeps verification only', () => {
    const none = fixtureCopy()
    expect(init(none, [...YES, '--no-email']).code).toBe(0)
    expect(existsSync(path.join(none, 'src/lib/auth/email.ts'))).toBe(false)
    expect(existsSync(path.join(none, 'src/routes/forgot-password.tsx'))).toBe(false)
    expect(existsSync(path.join(none, 'src/routes/verify-email.tsx'))).toBe(false)
    expect(read(none, 'src/lib/auth/auth.ts')).toContain('emailAndPassword: { enabled: true },')
    expect(read(none, 'src/routes/sign-in.tsx')).not.toContain('forgot-password')
    expect(dependencies(none).nodemailer).toBeUndefined()
    expect(read(none, '.gitignore')).not.toContain('.kit-auth')

    const verifyOnly = fixtureCopy()
    expect(init(verifyOnly, [...YES, '--no-password-reset']).code).toBe(0)
    expect(existsSync(path.join(verifyOnly, 'src/routes/forgot-password.tsx'))).toBe(false)
    expect(existsSync(path.join(verifyOnly, 'src/routes/verify-email.tsx'))).toBe(true)
    expect(read(verifyOnly, 'src/lib/auth/auth.ts')).not.toContain('sendResetPassword')
    expect(read(verifyOnly, 'src/lib/auth/auth.ts')).toContain('sendVerificationEmail')
  })

  it("keeps an app's own /forgot-password page, says so, and writes the other pages", () => {
    const root = fixtureCopy()
    const own = path.join(root, 'src/routes/forgot-password.tsx')
    const text = [
      "import { createFileRoute } from '@tanstack/react-router'",
      '',
      "export const Route = createFileRoute('/forgot-password')({ component: () => <p>Ask support</p> })",
      '',
    ].join('\n')
    writeFileSync(own, text)
    const result = init(root, YES)
    expect(result.code).toBe(0)
    expect(read(root, 'src/routes/forgot-password.tsx')).toBe(text)
    expect(result.stdout).toContain('Kept your own /forgot-password page (src/routes/forgot-password.tsx)')
    expect(existsSync(path.join(root, 'src/routes/reset-password.tsx'))).toBe(true)
  })
})
