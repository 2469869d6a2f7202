/**
 * Issue 12, item 5: a Better Auth instance in a workspace package (fixtures/workspace-auth-package:
 * `packages/auth`, imported by apps/web as `@repo/auth`, better-auth from the pnpm catalog). init
 * adopts it where it is, the app's files import it by the package's name, protect and add-guard
 * work on top, a second init changes nothing; an instance kit-auth may not write is refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { packageEntries } from '../../src/project/auth-package.js'
import { inspectProject } from '../../src/project/inspect.js'
import { runCli } from '../helpers/cli.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles, copyFixture, editJson } from '../init/support.js'

const FIXTURE = 'workspace-auth-package'
const INSTANCE = 'packages/auth/src/index.ts'
const CLIENT = 'packages/auth/src/client.ts'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

function workspace(): { root: string; app: string } {
  const root = copyFixture(FIXTURE)
  copies.push(root)
  return { root, app: path.join(root, 'apps/web') }
}

interface Document {
  changes: { path: string; action: string }[]
  notes?: string[]
}

function run(app: string, args: string[]) {
  const result = runCli(args, { cwd: app })
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as Document
}

/** True when every line of `before` but the `edited` ones is in `after`, unchanged and in order. */
function keepsLines(before: string, after: string, edited: RegExp): boolean {
  const lines = after.split('\n')
  let at = 0
  for (const line of before.split('\n')) {
    if (edited.test(line)) continue
    const found = lines.indexOf(line, at)
    if (found < 0) return false
    at = found + 1
  }
  return true
}

describe('init on an app whose Better Auth instance is in a workspace package', () => {
  it('adopts @repo/auth where it is: no second instance, the handler kept, the app imports it by name', () => {
    const { root, app } = workspace()
    const before = snapshotTree(root)
    const document = run(app, ['init', '--yes', '--no-install', '--json'])
    const after = snapshotTree(root)
    const written = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    // every write is reported, relative to the app, and stays inside the workspace root
    expect(changedFiles(before, after)).toEqual(written.map((file) => path.posix.join('apps/web', file)).sort())
    expect(document.changes.filter((change) => change.action === 'conflict')).toEqual([])
    expect(written.every((file) => !file.includes('node_modules'))).toBe(true)

    // no second instance, client or handler: the package's own are reused
    expect(after['apps/web/src/lib/auth/auth.ts']).toBeUndefined()
    expect(after['apps/web/src/lib/auth/auth-client.ts']).toBeUndefined()
    expect(after['apps/web/src/routes/api/auth/$.ts']).toBe(before['apps/web/src/routes/api/auth/$.ts'])
    expect(document.notes).toContain(
      'Reused your Better Auth instance in ../../packages/auth/src/index.ts: added admin(), organization(), apiTokens(), accountLockout(), user.additionalFields.deactivatedAt, emailAndPassword.sendResetPassword, emailAndPassword.resetPasswordTokenExpiresIn, emailAndPassword.revokeSessionsOnPasswordReset, emailVerification, user.changeEmail.',
    )

    // the instance is edited in place, its own lines kept byte for byte; its plugins import kit-auth's
    // modules beside it, never the app
    const instance = after[INSTANCE]!
    expect(keepsLines(before[INSTANCE]!, instance, /emailAndPassword|plugins/)).toBe(true)
    expect(instance).toMatch(
      /plugins: \[\s*admin\(\),\s*organization\(\),\s*apiTokens\(\),\s*accountLockout\(\),\s*tanstackStartCookies\(\),?\s*\]/,
    )
    expect(instance).toContain("import { accountLockout } from './kit-auth/lockout'")
    expect(instance).toContain("import { apiTokens } from './kit-auth/api-tokens'")
    for (const module of ['lockout', 'api-tokens', 'api-token-policy', 'email'])
      expect(after[`packages/auth/src/kit-auth/${module}.ts`], module).toBeDefined()
    for (const [file, text] of Object.entries(after))
      if (file.startsWith('packages/auth/src/')) expect(text, file).not.toMatch(/from '(#\/|(\.\.\/)+apps\/)/)
    expect(keepsLines(before[CLIENT]!, after[CLIENT]!, /createAuthClient\(\)/)).toBe(true)
    expect(after[CLIENT]).toContain("import type { auth } from './index'")

    // the app's files import the package by name (`@repo/auth`, `@repo/auth/client`, its kit-auth/* subpath)
    const app_ = (file: string) => after[`apps/web/${file}`]!
    for (const file of [
      'src/lib/auth/session.ts',
      'src/lib/auth/action-middleware.ts',
      'src/lib/auth/account.functions.ts',
    ])
      expect(app_(file), file).toContain("import { auth } from '@repo/auth'")
    expect(app_('src/lib/auth/guards.ts')).toContain("import { authClient } from '@repo/auth/client'")
    expect(app_('src/lib/auth/session.ts')).toContain(
      "import { isLockedOut, revokeUserSessions } from '@repo/auth/kit-auth/lockout'",
    )
    for (const [file, text] of Object.entries(after))
      if (file.startsWith('apps/web/src/')) expect(text, file).not.toMatch(/from '(\.\.\/)+packages\//)

    // manifests: the package lists the new subpath and its modules' packages; the app takes better-auth
    // with the package's own specifier (the catalog), for the client subpaths its pages import
    const pkg = JSON.parse(after['packages/auth/package.json']!) as Record<string, Record<string, string>>
    expect(pkg.exports).toEqual({
      '.': './src/index.ts',
      './client': './src/client.ts',
      './kit-auth/*': './src/kit-auth/*.ts',
    })
    expect(Object.keys(pkg.dependencies!)).toEqual(['better-auth', 'better-sqlite3', 'nodemailer', 'resend'])
    const web = JSON.parse(after['apps/web/package.json']!) as Record<string, Record<string, string>>
    expect(web.dependencies!['better-auth']).toBe('catalog:')
    expect(web.dependencies!.nodemailer).toBeUndefined()
    expect(web.dependencies!['better-sqlite3']).toBeUndefined()
  })

  it('protect guards routes, and a second init plans no change', () => {
    const { root, app } = workspace()
    run(app, ['init', '--yes', '--no-install', '--json'])
    const protect = run(app, ['protect', '/about', '--json'])
    expect(protect.changes.map((change) => change.path)).toEqual(['src/routes/about.tsx'])
    expect(readFileSync(path.join(app, 'src/routes/about.tsx'), 'utf8')).toContain('beforeLoad: requireAuth')
    const settled = snapshotTree(root)
    const again = run(app, ['init', '--yes', '--no-install', '--json'])
    expect(again.changes.filter((change) => change.action !== 'unchanged')).toEqual([])
    expect(snapshotTree(root)).toEqual(settled)
  })

  it('add-guard admin adds the admin plugin to the instance in the package', () => {
    const { root, app } = workspace()
    run(app, ['init', '--yes', '--no-install', '--no-admin', '--json'])
    expect(readFileSync(path.join(root, INSTANCE), 'utf8')).not.toContain('admin()')
    const before = snapshotTree(root)
    const result = runCli(['add-guard', 'admin', '--yes', '--no-install'], { cwd: app })
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(root)
    expect(changedFiles(before, after)).toEqual(
      [
        'apps/web/src/lib/auth/action-middleware.ts',
        'apps/web/src/lib/auth/guards.ts',
        'apps/web/src/lib/auth/session.functions.ts',
        'apps/web/src/lib/auth/session.ts',
        CLIENT,
        INSTANCE,
      ].sort(),
    )
    expect(after[INSTANCE]).toMatch(/import \{ organization, admin \} from 'better-auth\/plugins'/)
    expect(after[INSTANCE]).toMatch(/plugins: \[[^\]]*admin\(\),/)
    expect(after[CLIENT]).toContain('adminClient()')
  })
})

describe('after init on the workspace package', () => {
  it('add email-verification writes email.ts beside the instance and its senders into the package', () => {
    const { root, app } = workspace()
    run(app, ['init', '--yes', '--no-install', '--no-email', '--json'])
    const before = snapshotTree(root)
    const result = runCli(['add', 'email-verification', '--yes', '--no-install'], { cwd: app })
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(root)
    expect(after['apps/web/src/lib/auth/email.ts']).toBeUndefined()
    expect(after['packages/auth/src/kit-auth/email.ts']).toBeDefined()
    expect(after[INSTANCE]).toContain("import { authEmails, sendEmail } from './kit-auth/email'")
    expect(after[INSTANCE]).toContain('sendVerificationEmail: async ({ user, url }) =>')
    expect(Object.keys(JSON.parse(after['packages/auth/package.json']!).dependencies)).toEqual(
      expect.arrayContaining(['nodemailer', 'resend']),
    )
    expect(after['apps/web/package.json']).toBe(before['apps/web/package.json'])
  })

  it('add redis writes redis.ts beside the instance and ioredis into the package', () => {
    const { root, app } = workspace()
    run(app, ['init', '--yes', '--no-install', '--json'])
    const before = snapshotTree(root)
    const result = runCli(['add', 'redis', '--no-install'], { cwd: app })
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(root)
    expect(changedFiles(before, after)).toEqual(
      ['apps/web/.env.local', INSTANCE, 'packages/auth/package.json', 'packages/auth/src/kit-auth/redis.ts'].sort(),
    )
    expect(after[INSTANCE]).toContain("import { redisStorage } from './kit-auth/redis'")
    expect(JSON.parse(after['packages/auth/package.json']!).dependencies.ioredis).toBeDefined()
  })

  it('add magic-link writes the plugins the instance imports beside it, the form into the app', () => {
    const { root, app } = workspace()
    run(app, ['init', '--yes', '--no-install', '--json'])
    const result = runCli(['add', 'magic-link', '--no-install'], { cwd: app })
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(root)
    expect(after[INSTANCE]).toContain("import { magicLinkEmail } from './kit-auth/magic-link-email'")
    expect(after[INSTANCE]).toContain("import { signInErrorPage } from './kit-auth/sign-in-errors'")
    expect(after['packages/auth/src/kit-auth/magic-link-email.ts']).toContain("from './email'")
    expect(after['apps/web/src/lib/auth/components/magic-link-form.tsx']).toContain("from '@repo/auth/client'")
    expect(after['apps/web/src/lib/auth/sign-in-errors.ts']).toBeUndefined()
  })

  it.each([
    ['passkey', 'passkey', "import { PASSKEY_OPTIONS } from './kit-auth/passkey'"],
    ['two-factor', 'two-factor', "from './kit-auth/two-factor'"],
  ])('add %s writes the module the instance imports beside it', (feature, module, line) => {
    const { root, app } = workspace()
    run(app, ['init', '--yes', '--no-install', '--json'])
    const result = runCli(['add', feature, '--no-install'], { cwd: app })
    expect(result.code, result.stderr).toBe(0)
    const after = snapshotTree(root)
    expect(after[INSTANCE]).toContain(line)
    expect(after[`packages/auth/src/kit-auth/${module}.ts`]).toBeDefined()
    expect(after[`apps/web/src/lib/auth/${module}.ts`]).toBeUndefined()
    for (const [file, text] of Object.entries(after))
      if (file.startsWith('packages/auth/src/')) expect(text, file).not.toMatch(/from '(#\/|(\.\.\/)+apps\/)/)
  })

  it('audit sees that the handler route forwards to the package instance', () => {
    const { app } = workspace()
    run(app, ['init', '--yes', '--no-install', '--json'])
    const result = runCli(['audit'], { cwd: app })
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0)
    expect(result.stdout).toContain('Every entry point authorizes its caller or is marked @public')
  })
})

describe('other shapes of the workspace package', () => {
  it('a bun workspace: better-auth from the catalog in the root package.json; a package with `main`, no `exports`', async () => {
    const { root, app } = workspace()
    rmSync(path.join(root, 'pnpm-workspace.yaml'))
    rmSync(path.join(root, 'pnpm-lock.yaml'))
    editJson(path.join(root, 'package.json'), (json) => {
      json.packageManager = 'bun@1.3.5'
      json.workspaces = {
        packages: ['apps/*', 'packages/*'],
        catalog: {
          '@tanstack/react-start': '1.169.5',
          '@tanstack/react-router': '1.170.46',
          react: '^19.2.0',
          'react-dom': '^19.2.0',
          vite: '^8.0.0',
          typescript: '^6.0.2',
          'better-auth': '1.5.6',
        },
      }
    })
    editJson(path.join(root, 'packages/auth/package.json'), (json) => {
      delete json.exports
      json.main = './src/index.ts'
    })
    const project = await inspectProject(app)
    expect(project.versions['better-auth']).toEqual({ declared: '1.5.6', installed: null, source: 'catalog' })
    expect(project.authPackage).toMatchObject({ hasExports: false, client: null })

    const before = snapshotTree(root)
    const document = run(app, ['init', '--yes', '--no-install', '--json'])
    const after = snapshotTree(root)
    expect(document.changes.filter((change) => change.action === 'conflict')).toEqual([])
    expect(after['apps/web/src/lib/auth/auth.ts']).toBeUndefined()
    // no client exported by the package: kit-auth's own, typed by the package's instance
    expect(after['apps/web/src/lib/auth/auth-client.ts']).toContain("import type { auth } from '@repo/auth'")
    // no `exports` to extend: the app reaches kit-auth's modules by their path in the package
    expect(after['apps/web/src/lib/auth/session.ts']).toContain("from '@repo/auth/src/kit-auth/lockout'")
    expect(after['packages/auth/package.json']).not.toContain('kit-auth')
    expect(JSON.parse(after['apps/web/package.json']!).dependencies['better-auth']).toBe('catalog:')
    expect(changedFiles(before, after)).toContain(INSTANCE)
  })
})

describe('an instance in a workspace package kit-auth may not write', () => {
  it('a package whose exports is one conditions object (no subpaths) keeps it as `.` and gains ./kit-auth/*', () => {
    const { root, app } = workspace()
    const conditions = { types: './src/index.ts', default: './src/index.ts' }
    editJson(path.join(root, 'packages/auth/package.json'), (manifest) => {
      manifest.exports = conditions
    })
    run(app, ['init', '--yes', '--no-install', '--json'])
    const manifest = JSON.parse(readFileSync(path.join(root, 'packages/auth/package.json'), 'utf8')) as {
      exports: Record<string, unknown>
    }
    // what the app now imports (@repo/auth/kit-auth/lockout...) is exported, and `.` is what it was
    expect(manifest.exports).toEqual({ '.': conditions, './kit-auth/*': './src/kit-auth/*.ts' })
    expect(readFileSync(path.join(app, 'src/lib/auth/session.ts'), 'utf8')).toContain("'@repo/auth/kit-auth/lockout'")
  })

  it('a `types` condition on an unbuilt dist does not hide the source entry (`default: ./src/index.ts`)', async () => {
    const { root, app } = workspace()
    editJson(path.join(root, 'packages/auth/package.json'), (manifest) => {
      manifest.exports = {
        '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './src/index.ts' },
        './client': { types: './dist/client.d.ts', default: './src/client.ts' },
      }
    })
    const project = await inspectProject(app)
    expect(project.betterAuth?.file).toBe(`../../${INSTANCE}`)
    expect(project.authClients).toContain(`../../${CLIENT}`)
  })

  it('a subpath pattern in exports (`"./*": "./src/*.ts"`) leads to the modules the app imports through it', async () => {
    const { root, app } = workspace()
    editJson(path.join(root, 'packages/auth/package.json'), (manifest) => {
      manifest.exports = { './*': './src/*.ts', './internal/*': null }
    })
    const handler = path.join(app, 'src/routes/api/auth/$.ts')
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("from '@repo/auth'", "from '@repo/auth/index'"))
    mkdirSync(path.join(app, 'src/lib'), { recursive: true })
    writeFileSync(path.join(app, 'src/lib/uses-client.ts'), "export { authClient } from '@repo/auth/client'\n")
    const project = await inspectProject(app)
    expect(project.betterAuth?.file).toBe(`../../${INSTANCE}`)
    expect(project.authClients).toContain(`../../${CLIENT}`)
    const document = run(app, ['init', '--yes', '--no-install', '--json'])
    expect(document.notes).toContainEqual(
      expect.stringContaining(`Reused your Better Auth instance in ../../${INSTANCE}`),
    )
    expect(readFileSync(path.join(app, 'src/lib/auth/session.ts'), 'utf8')).toContain("from '@repo/auth/index'")
  })

  it("reuses a sign-in page that signs in through the package's client (`@repo/auth/client`): no second page", () => {
    const { app } = workspace()
    mkdirSync(path.join(app, 'src/routes'), { recursive: true })
    writeFileSync(
      path.join(app, 'src/routes/login.tsx'),
      "import { createFileRoute } from '@tanstack/react-router'\nimport { authClient } from '@repo/auth/client'\n\n" +
        "export const Route = createFileRoute('/login')({ component: Login })\n\n" +
        "function Login() {\n  return <button onClick={() => authClient.signIn.email({ email: 'a@b.c', password: 'x' })} />\n}\n",
    )
    const document = run(app, ['init', '--yes', '--no-install', '--json'])
    expect(document.notes).toContainEqual(
      expect.stringContaining('Reused your sign-in page src/routes/login.tsx (/login)'),
    )
    expect(document.notes?.join('\n')).not.toContain('Left alone: /login')
    expect(document.changes.map((change) => change.path)).not.toContain('src/routes/sign-in.tsx')
    expect(readFileSync(path.join(app, 'src/lib/auth/guards.ts'), 'utf8')).toContain("to: '/login'")
  })

  it('packageEntries: a pattern gives the requested subpaths, the longest prefix winning and null excluding', () => {
    const exports = { '.': './src/index.ts', './*': './src/*.ts', './internal/*': null, './ui/*.tsx': './ui/*.tsx' }
    expect(packageEntries({ exports }, ['./auth', './internal/secret', './ui/button.tsx', './a/b'])).toEqual({
      '.': ['src/index.ts'],
      './auth': ['src/auth.ts'],
      './ui/button.tsx': ['ui/button.tsx'],
      './a/b': ['src/a/b.ts'],
    })
    expect(packageEntries({ exports: { './*': './src/*.ts' } })).toEqual({})
  })

  it('packageEntries: a target or a stem with a `..` or `.` segment gives no entry (Node and TypeScript refuse it)', () => {
    const refused: [string, string][] = []
    const exports = { '.': './src/index.ts', './*': './src/*.ts', './x/*': './src/../x/*.ts', './up': '../up.ts' }
    const entries = packageEntries({ exports }, ['./auth', './x/auth', './../../apps/web/src/secret'], (...args) =>
      refused.push(args),
    )
    expect(entries).toEqual({ '.': ['src/index.ts'], './auth': ['src/auth.ts'] })
    expect(refused).toEqual([
      ['./up', '../up.ts'],
      ['./x/auth', './src/../x/auth.ts'],
      ['./../../apps/web/src/secret', './* (matched by ../../apps/web/src/secret)'],
    ])
  })

  it('refuses an import the package exports through a `..` path, naming it, and writes nothing', () => {
    const { root, app } = workspace()
    editJson(path.join(root, 'packages/auth/package.json'), (manifest) => {
      manifest.exports = { './*': './src/../src/*.ts' }
    })
    const handler = path.join(app, 'src/routes/api/auth/$.ts')
    writeFileSync(handler, readFileSync(handler, 'utf8').replace("from '@repo/auth'", "from '@repo/auth/index'"))
    const before = snapshotTree(root)
    const result = runCli(['init', '--yes', '--no-install'], { cwd: app })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      "The app imports @repo/auth/index, which @repo/auth's exports map to ./src/../src/index.ts: a path with a " +
        '`..` or `.` segment, which Node and TypeScript refuse to resolve',
    )
    expect(snapshotTree(root)).toEqual(before)
  })

  it('an entry that re-exports the instance (export { auth } from "./auth"): the module with the call is edited', () => {
    const { root, app } = workspace()
    const pkg = (file: string) => path.join(root, 'packages/auth/src', file)
    renameSync(pkg('index.ts'), pkg('auth.ts'))
    writeFileSync(pkg('index.ts'), "export { auth } from './auth'\n")
    const document = run(app, ['init', '--yes', '--no-install', '--json'])
    const written = document.changes.filter((change) => change.action !== 'unchanged').map((change) => change.path)
    // no second instance; the instance edited where betterAuth() is called, the entry left as it is
    expect(written).not.toContain('src/lib/auth/auth.ts')
    expect(written).toContain('../../packages/auth/src/auth.ts')
    expect(readFileSync(pkg('index.ts'), 'utf8')).toBe("export { auth } from './auth'\n")
    expect(readFileSync(pkg('auth.ts'), 'utf8')).toContain('admin()')
    // the app imports it by the package's name, as before
    expect(readFileSync(path.join(app, 'src/lib/auth/session.ts'), 'utf8')).toContain("from '@repo/auth'")
  })

  it('is refused when the package entry lies outside the workspace root, and nothing is written', () => {
    const { root, app } = workspace()
    const outside = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-outside-'))
    copies.push(outside)
    renameSync(path.join(root, INSTANCE), path.join(outside, 'index.ts'))
    symlinkSync(path.join(outside, 'index.ts'), path.join(root, INSTANCE))
    const before = snapshotTree(root)
    const result = runCli(['init', '--yes', '--no-install'], { cwd: app })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `The Better Auth instance the app imports as @repo/auth is in ../../${INSTANCE}, outside the workspace root`,
    )
    expect(result.stderr).toContain('kit-auth never writes there.')
    expect(snapshotTree(root)).toEqual(before)
  })

  it('is refused when the package exports its instance from node_modules', () => {
    const { root, app } = workspace()
    const vendored = 'packages/auth/node_modules/vendored-auth/index.ts'
    editJson(path.join(root, 'packages/auth/package.json'), (json) => {
      json.exports['.'] = './node_modules/vendored-auth/index.ts'
    })
    mkdirSync(path.dirname(path.join(root, vendored)), { recursive: true })
    writeFileSync(path.join(root, vendored), readFileSync(path.join(root, INSTANCE), 'utf8'))
    const before = snapshotTree(root)
    const result = runCli(['init', '--yes', '--no-install'], { cwd: app })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`is in ../../${vendored}, outside the workspace root`)
    expect(snapshotTree(root)).toEqual(before)
  })
})
