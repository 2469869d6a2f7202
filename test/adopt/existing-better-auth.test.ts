/**
 * `kit-auth init` on an app that already configures Better Auth (fixtures/existing-better-auth:
 * `create --add-ons better-auth`, with admin() already listed, tanstackStartCookies() not last and
 * a /login page): it adopts the instance, handler, client and sign-in page instead of writing
 * second ones. Each changed file is snapshotted (test/adopt/__snapshots__) AND checked for what
 * matters.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ts } from 'ts-morph'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from '../helpers/cli.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles, copyFixture, init, parseDocument, type InitDocument } from '../init/support.js'
import { discoverRoutes } from '../../src/routes/discover.js'

const FIXTURE = 'existing-better-auth'
const AUTH = 'src/lib/auth.ts'
const CLIENT = 'src/lib/auth-client.ts'
const HANDLER = 'src/routes/api/auth/$.ts'
const LOGIN = 'src/routes/login.tsx'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
}

/** `{ module, names }` of every import declaration (names as written: `auth`, `type auth`). */
function importsOf(file: string, text: string): { from: string; names: string[]; typeOnly: boolean }[] {
  return parse(file, text)
    .statements.filter(ts.isImportDeclaration)
    .map((statement) => {
      const clause = statement.importClause
      const bindings = clause?.namedBindings
      return {
        from: (statement.moduleSpecifier as ts.StringLiteral).text,
        names: [
          ...(clause?.name ? [clause.name.text] : []),
          ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => element.name.text) : []),
        ],
        typeOnly: clause?.isTypeOnly ?? false,
      }
    })
}

/** The plugin calls in `plugins: [...]` of the file's betterAuth({...}). */
function pluginsOf(text: string): string[] {
  const match = /plugins: \[([^\]]*)\]/.exec(text)
  return (match?.[1] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

describe('init on an app that already configures Better Auth', () => {
  let root: string
  let before: Record<string, string>
  let after: Record<string, string>
  let document: InitDocument & { notes?: string[] }
  let written: string[]

  beforeAll(() => {
    root = copyFixture(FIXTURE)
    copies.push(root)
    before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    document = parseDocument(result.stdout)
    after = snapshotTree(root)
    written = document.changes
      .filter((change) => change.action === 'create' || change.action === 'update')
      .map((change) => change.path)
  })

  it('exits 0 and writes exactly what it reports', () => {
    expect(document.ok).toBe(true)
    expect(changedFiles(before, after)).toEqual([...written].sort())
    // the app's own pieces are updated, never created again
    for (const file of [AUTH, CLIENT, LOGIN])
      expect(document.changes).toContainEqual(expect.objectContaining({ path: file, action: 'update' }))
    for (const file of ['src/lib/auth/auth.ts', 'src/lib/auth/auth-client.ts', 'src/routes/sign-in.tsx'])
      expect(after[file], file).toBeUndefined()
    expect(written).not.toContain(HANDLER)
    expect(document.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Reused your Better Auth instance in ${AUTH}`),
        expect.stringContaining(`validateSearch\` to ${LOGIN}`),
      ]),
    )
  })

  it("tells how to give the app's own handler the client address kit-auth trusts (client-ip.ts is written)", () => {
    expect(written).toContain('src/lib/auth/client-ip.ts')
    const step = document.nextSteps.find((line) => line.startsWith(`Rate limits in ${HANDLER} `))
    expect(step).toContain('`await withClientIp(request)` (from src/lib/auth/client-ip.ts)')
  })

  it('matches the reviewed snapshots', async () => {
    for (const file of written) {
      const content = after[file]!
      const shown = file === '.env.local' ? content.replace(/^(BETTER_AUTH_SECRET=).*$/m, '$1<random 64 hex>') : content
      await expect(shown, file).toMatchFileSnapshot(`./__snapshots__/${FIXTURE}/${file}.snap`)
    }
  })

  it('leaves one Better Auth instance, one handler route and one auth client', () => {
    const code = Object.keys(after).filter((file) => /\.tsx?$/.test(file))
    expect(code.filter((file) => /\bbetterAuth\s*\(/.test(after[file]!))).toEqual([AUTH])
    expect(code.filter((file) => /\bcreateAuthClient\s*\(/.test(after[file]!))).toEqual([CLIENT])
    expect(code.filter((file) => after[file]!.includes("createFileRoute('/api/auth/$')"))).toEqual([HANDLER])
    expect(discoverRoutes(root, 'src/routes').byId.get('/api/auth/$')?.files).toEqual([HANDLER])
    expect(after[HANDLER]).toBe(before[HANDLER])
  })

  it(`keeps every line of ${AUTH} and adds only what is missing, tanstackStartCookies() last`, () => {
    const original = before[AUTH]!
    const patched = after[AUTH]!
    // Every original line survives in order; the only lines that differ are the plugins import
    // (extended) and the plugins list (reordered: the cookies plugin moves last; one line or several).
    const lines = patched.split('\n')
    let cursor = 0
    for (const line of original.split('\n')) {
      const found = lines.findIndex((candidate, index) => {
        if (index < cursor) return false
        if (candidate === line) return true
        if (line.startsWith('import {') && line.endsWith("from 'better-auth/plugins'"))
          return candidate.startsWith('import {') && candidate.endsWith("from 'better-auth/plugins'")
        if (line.trim().startsWith('plugins: ['))
          return (
            candidate.trim().startsWith('plugins: [') &&
            pluginsOf(line).every((plugin) => pluginsOf(lines.slice(index).join('\n')).includes(plugin))
          )
        return false
      })
      expect(found, `original line missing or out of order: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0)
      cursor = found + 1
    }
    const plugins = pluginsOf(patched)
    expect(plugins.filter((plugin) => plugin === 'admin()')).toHaveLength(1)
    expect(plugins).toContain('organization()')
    expect(plugins).toContain('apiTokens()')
    expect(plugins).toContain('accountLockout()')
    expect(plugins.at(-1)).toBe('tanstackStartCookies()')
    expect(plugins).toHaveLength(5)
    expect(importsOf(AUTH, patched)).toEqual(
      expect.arrayContaining([
        { from: 'better-auth/plugins', names: ['admin', 'organization'], typeOnly: false },
        { from: '#/lib/auth/api-tokens', names: ['apiTokens'], typeOnly: false },
        { from: 'better-sqlite3', names: ['Database'], typeOnly: false },
      ]),
    )
    // the fixture has no database: the one the generated auth.ts would use; deactivatedAt for the choke point
    expect(patched).toContain('database: new Database(databasePath),')
    expect(patched).toMatch(
      /user: \{\n {4}additionalFields: \{\n[^}]*deactivatedAt: \{ type: 'date', required: false, input: false \}/,
    )
  })

  it('makes the generated files import the app’s own `auth` and `authClient`', () => {
    const generated = written.filter((file) => /\.tsx?$/.test(file) && before[file] === undefined)
    const importers = { auth: [] as string[], authClient: [] as string[] }
    for (const file of generated) {
      for (const declaration of importsOf(file, after[file]!)) {
        expect(declaration.from, `${file} imports a module kit-auth did not write`).not.toMatch(
          /lib\/auth\/auth(-client)?$|^\.\/auth(-client)?$/,
        )
        if (declaration.names.includes('auth')) {
          expect(declaration.from, file).toBe('#/lib/auth')
          importers.auth.push(file)
        }
        if (declaration.names.includes('authClient')) {
          expect(declaration.from, file).toBe('#/lib/auth-client')
          importers.authClient.push(file)
        }
      }
    }
    expect(importers.auth.sort()).toEqual([
      'src/lib/auth/account.functions.ts',
      'src/lib/auth/action-middleware.ts',
      'src/lib/auth/api-tokens.functions.ts',
      'src/lib/auth/session.ts',
    ])
    expect(importers.authClient.sort()).toEqual([
      'src/lib/auth/components/change-email-form.tsx',
      'src/lib/auth/components/verify-email-notice.tsx',
      // the guards forget their answer when the client signals a session change
      'src/lib/auth/guards.ts',
      'src/routes/_authenticated/account.tsx',
      'src/routes/forgot-password.tsx',
      'src/routes/reset-password.tsx',
      'src/routes/sign-up.tsx',
      'src/routes/verify-email.tsx',
    ])
    // the client gets its plugins and the instance's type (a type-only import: no server code in the browser)
    expect(importsOf(CLIENT, after[CLIENT]!)).toContainEqual({ from: '#/lib/auth', names: ['auth'], typeOnly: true })
    expect(after[CLIENT]).toMatch(
      /plugins: \[\s*inferAdditionalFields<typeof auth>\(\),\s*adminClient\(\),\s*organizationClient\(\),\s*\]/,
    )
  })

  it('resolves every local import through the app’s #/ alias to an existing file', () => {
    for (const file of written.filter((name) => /\.tsx?$/.test(name))) {
      for (const { from } of importsOf(file, after[file]!)) {
        if (!from.startsWith('#/') && !from.startsWith('.')) continue
        const base = from.startsWith('#/')
          ? path.join(root, 'src', from.slice(2))
          : path.resolve(path.dirname(path.join(root, file)), from)
        const found = ['.ts', '.tsx', '/index.ts'].some(
          (suffix) => existsSync(base + suffix) && statSync(base + suffix).isFile(),
        )
        expect(found, `${file} imports ${from}`).toBe(true)
      }
    }
  })

  it('redirects the guards to the app’s /login page, which now accepts ?redirect=', () => {
    expect(after['src/lib/auth/guards.ts']).toContain("to: '/login',")
    expect(after['src/lib/auth/guards.ts']).not.toContain('/sign-in')
    expect(after['src/lib/auth/session.ts']).toContain("export const SIGN_IN_PATH = '/login'")
    expect(after['src/routes/sign-up.tsx']).toContain('<Link to="/login" search={{ redirect }}>')
    const login = after[LOGIN]!
    expect(login).toContain('validateSearch: ({ redirect }: Record<string, unknown>): { redirect?: string } => ({')
    // the rest of their page is untouched
    expect(login.replace(/ {2}validateSearch: [\s\S]*?\n {2}\}\),\n/, '')).toBe(before[LOGIN])
  })

  it('writes code with no syntax errors', () => {
    for (const file of written.filter((name) => /\.tsx?$/.test(name))) {
      const sourceFile = parse(file, after[file]!)
      expect((sourceFile as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics, file).toEqual([])
    }
  })

  it('prints "Nothing to do" on a re-run and changes no byte', () => {
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Nothing to do')
    expect(snapshotTree(root)).toEqual(after)
  })
})

describe('init adopting, with flags', () => {
  it('--no-admin --no-organization --no-api-tokens adds only accountLockout(), tanstackStartCookies() ordering and deactivatedAt', () => {
    const root = copyFixture(FIXTURE)
    copies.push(root)
    const result = init(root, ['--yes', '--no-install', '--no-admin', '--no-organization', '--no-api-tokens'])
    expect(result.code, result.stderr).toBe(0)
    const auth = snapshotTree(root)[AUTH]!
    // admin() was theirs: kept; only the lockout plugin added
    expect(pluginsOf(auth)).toEqual(['admin()', 'accountLockout()', 'tanstackStartCookies()'])
    expect(auth).not.toContain('organization')
    expect(auth).not.toContain('apiTokens')
    expect(existsSync(path.join(root, 'src/lib/auth/api-tokens.ts'))).toBe(false)
  })

  it('add-guard organization afterwards patches the app’s own instance and client, not kit-auth paths', () => {
    const root = copyFixture(FIXTURE)
    copies.push(root)
    expect(init(root, ['--yes', '--no-install', '--no-organization']).code).toBe(0)
    const result = spawnSync(
      process.execPath,
      [CLI, 'add-guard', 'organization', '--yes', '--no-install', '--cwd', root],
      { encoding: 'utf8' },
    )
    expect(result.status, result.stderr).toBe(0)
    const tree = snapshotTree(root)
    expect(pluginsOf(tree[AUTH]!)).toContain('organization()')
    expect(pluginsOf(tree[AUTH]!).at(-1)).toBe('tanstackStartCookies()')
    expect(tree[CLIENT]).toContain('organizationClient()')
    expect(tree['src/lib/auth/auth.ts']).toBeUndefined()
    expect(tree['src/lib/auth/auth-client.ts']).toBeUndefined()
    // the organization middleware reaches their instance, not a kit-auth path that does not exist
    const actions = tree['src/lib/auth/action-middleware.ts']!
    expect(actions).toContain('organizationMiddleware')
    expect(
      importsOf('action-middleware.ts', actions)
        .filter((i) => i.names.includes('auth'))
        .map((i) => i.from),
    ).toEqual(['#/lib/auth'])
  })

  it('add-guard organization afterwards adds organization() to options kept in a `satisfies` const', () => {
    const root = copyFixture(FIXTURE)
    copies.push(root)
    const instance = [
      "import { betterAuth, type BetterAuthOptions } from 'better-auth'",
      "import { tanstackStartCookies } from 'better-auth/tanstack-start'",
      "import { admin } from 'better-auth/plugins'",
      '',
      'const options = {',
      '  emailAndPassword: {',
      '    enabled: true,',
      '  },',
      '  plugins: [tanstackStartCookies(), admin()],',
      '} satisfies BetterAuthOptions',
      '',
      'export const auth = betterAuth(options)',
      '',
    ].join('\n')
    writeFileSync(path.join(root, AUTH), instance)
    const adopted = init(root, ['--yes', '--no-install', '--no-organization'])
    expect(adopted.code, adopted.stderr).toBe(0)
    const before = snapshotTree(root)[AUTH]!
    expect(pluginsOf(before)).toEqual(['admin()', 'apiTokens()', 'accountLockout()', 'tanstackStartCookies()'])
    const result = spawnSync(
      process.execPath,
      [CLI, 'add-guard', 'organization', '--yes', '--no-install', '--cwd', root],
      { encoding: 'utf8' },
    )
    expect(result.status, result.stderr).toBe(0)
    const after = snapshotTree(root)
    const options = /\nconst options = \{\n[\s\S]*?\n\} satisfies BetterAuthOptions\n/.exec(after[AUTH]!)?.[0] ?? ''
    expect(pluginsOf(options)).toEqual([
      'admin()',
      'apiTokens()',
      'accountLockout()',
      'organization()',
      'tanstackStartCookies()',
    ])
    expect(after[AUTH]).toContain("import { admin, organization } from 'better-auth/plugins'")
    expect(after[AUTH]!.endsWith('\nexport const auth = betterAuth(options)\n')).toBe(true)
    expect(after[CLIENT]).toContain('organizationClient()')
  })

  it('--sign-in-path /sign-in generates kit-auth’s page there and leaves /login alone', () => {
    const root = copyFixture(FIXTURE)
    copies.push(root)
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install', '--sign-in-path', '/sign-in'])
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(root)
    expect(after[LOGIN]).toBe(before[LOGIN])
    expect(after['src/lib/auth/guards.ts']).toContain("to: '/sign-in',")
    expect(after['src/routes/sign-in.tsx']).toContain("import { authClient } from '#/lib/auth-client'")
  })

  // issue 12 C: the app's own _authenticated layout asks its own instance for the session and sends signed-out
  // visitors home; init used to put requireAuth (to /login) in front of that check
  it('leaves the app’s own guarded /_authenticated layout alone; the account page under it guards itself', () => {
    const root = copyFixture(FIXTURE)
    copies.push(root)
    const layoutFile = 'src/routes/_authenticated.tsx'
    const layout = [
      "import { createFileRoute, Outlet, redirect } from '@tanstack/react-router'",
      "import { createServerFn } from '@tanstack/react-start'",
      "import { getRequestHeaders } from '@tanstack/react-start/server'",
      "import { auth } from '#/lib/auth'",
      '',
      "const currentUser = createServerFn({ method: 'GET' }).handler(async () => {",
      '  const found = await auth.api.getSession({ headers: getRequestHeaders() })',
      '  return found?.user ?? null',
      '})',
      '',
      "export const Route = createFileRoute('/_authenticated')({",
      '  beforeLoad: async () => {',
      '    const user = await currentUser()',
      "    if (!user) throw redirect({ to: '/' })",
      '    return { user }',
      '  },',
      '  component: () => <Outlet />,',
      '})',
      '',
    ].join('\n')
    writeFileSync(path.join(root, layoutFile), layout)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout) as InitDocument & { notes?: string[] }
    const after = snapshotTree(root)
    expect(after[layoutFile]).toBe(layout)
    expect(after['src/routes/_authenticated/route.tsx']).toBeUndefined()
    expect(document.notes).toContain(
      'Kept your own /_authenticated layout (src/routes/_authenticated.tsx) as it is: it already keeps signed-out ' +
        'visitors out (own beforeLoad: throws redirect to /), so kit-auth added no second check there. The account ' +
        'page (src/routes/_authenticated/account.tsx) runs requireAuth itself for the session it shows.',
    )
    const account = after['src/routes/_authenticated/account.tsx']!
    expect(importsOf('account.tsx', account)).toContainEqual({
      from: '#/lib/auth/guards',
      names: ['requireAuth'],
      typeOnly: false,
    })
    expect(account).toMatch(/\('\/_authenticated\/account'\)\(\{\n {2}beforeLoad: requireAuth,/)
    // the adopted instance and the app's /login are still what the guards use
    expect(after['src/lib/auth/guards.ts']).toContain("to: '/login',")
    expect(init(root, ['--yes', '--no-install']).stdout).toContain('Nothing to do')
  })
})

// On a real terminal (a pty from util-linux `script`), init asks before reusing the app's instance.
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0
describe.runIf(hasScript)('init adopting, interactively', () => {
  it('asks before reusing the existing instance, and writes nothing until answered', async () => {
    const root = copyFixture(FIXTURE)
    copies.push(root)
    const before = snapshotTree(root)
    const command = `stty cols 200 rows 40; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} init --no-install`
    const output = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1', CI: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      })
      let text = ''
      const done = () => {
        try {
          process.kill(-child.pid!, 'SIGTERM')
        } catch {
          // already gone
        }
        resolve(text)
      }
      const timer = setTimeout(done, 8_000)
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (text.includes('Reuse it')) {
          clearTimeout(timer)
          setTimeout(done, 200)
        }
      })
    })
    expect(output).toContain(`This app already configures Better Auth in ${AUTH}. Reuse it`)
    expect(snapshotTree(root)).toEqual(before)
  })
})
