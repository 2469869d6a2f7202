import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { KitError } from '../../src/core/errors.js'
import { findBetterAuth } from '../../src/project/better-auth.js'
import { inspectProject } from '../../src/project/inspect.js'
import { makeTree, startPackageJson } from './helpers.js'

/** The KitError `inspectProject` throws for `dir`. */
async function inspectError(dir: string): Promise<KitError> {
  const error = await inspectProject(dir).catch((e: unknown) => e)
  if (!(error instanceof KitError)) throw new Error(`expected a KitError, got ${String(error)}`)
  return error
}

describe('refusals', () => {
  test('no package.json', async () => {
    const dir = await makeTree({})
    const error = await inspectError(dir)
    expect(error.message).toBe(`No package.json in ${dir}`)
    expect(error.hint).toBe('Run kit-auth in your TanStack Start app folder, or pass --cwd <app dir>.')
  })

  test('a Next.js app names what it found', async () => {
    const dir = await makeTree({
      'package.json': '{ "dependencies": { "next": "15.0.0", "react": "19.0.0", "@remix-run/node": "2.0.0" } }',
    })
    const error = await inspectError(dir)
    expect(error.message).toBe(
      `Not a TanStack Start app: ${path.join(dir, 'package.json')} has no @tanstack/react-start dependency (found next, @remix-run/*, react)`,
    )
    expect(error.hint).toBe('Run kit-auth in a TanStack Start app, or pass --cwd <app dir>.')
    expect(error.details).toEqual({ found: ['next', '@remix-run/*', 'react'] })
  })

  test('a TanStack Router app without Start', async () => {
    const dir = await makeTree({
      'package.json': '{ "devDependencies": { "@tanstack/react-router": "1.0.0", "vite": "8.0.0" } }',
    })
    const error = await inspectError(dir)
    expect(error.message).toContain('(found @tanstack/react-router, vite)')
    expect(error.hint).toBe(
      'kit-auth needs TanStack Start (server functions); move this TanStack Router app to Start first, or pass --cwd <app dir>.',
    )
  })

  test('Solid Start is not supported yet', async () => {
    const error = await inspectError(
      await makeTree({ 'package.json': '{ "dependencies": { "@tanstack/solid-start": "1.0.0" } }' }),
    )
    expect(error.message).toBe('This is a TanStack Solid Start app (@tanstack/solid-start); Solid is not supported yet')
  })

  test('a workspace root lists its Start apps as --cwd candidates', async () => {
    const dir = await makeTree({
      'package.json': '{ "private": true, "workspaces": ["apps/*", "packages/*"] }',
      'apps/web/package.json': startPackageJson(),
      'apps/admin/package.json': startPackageJson(),
      'apps/docs/package.json': '{ "dependencies": { "astro": "5.0.0" } }',
      'packages/ui/package.json': '{}',
    })
    const error = await inspectError(dir)
    expect(error.message).toBe(
      `${dir} is a workspace root, not a TanStack Start app; Start apps found: apps/admin, apps/web`,
    )
    expect(error.hint).toBe('Run again with one of: --cwd apps/admin, --cwd apps/web.')
    expect(error.details).toEqual({ candidates: ['apps/admin', 'apps/web'] })
  })

  test('a workspace root without a Start app', async () => {
    const dir = await makeTree({
      'pnpm-workspace.yaml': "packages: ['apps/*']\n",
      'package.json': '{}',
      'apps/site/package.json': '{}',
    })
    const error = await inspectError(dir)
    expect(error.message).toBe(`No TanStack Start app in the workspace at ${dir}`)
    expect(error.details).toEqual({ candidates: [] })
  })

  test('a malformed package.json or tsconfig.json names the file and position', async () => {
    expect((await inspectError(await makeTree({ 'package.json': '{\n  "name": "x",\n}}' }))).message).toBe(
      'Cannot parse package.json at 3:2: Unexpected token.',
    )
    // valid JSONC is still refused: npm, and kit-auth's own edits, need plain JSON
    expect((await inspectError(await makeTree({ 'package.json': '{\n  // app\n  "name": "x",\n}' }))).message).toMatch(
      /package\.json has comments or trailing commas/,
    )
    const dir = await makeTree({
      'package.json': startPackageJson(),
      'tsconfig.json': '{\n  "compilerOptions": { "paths": { "@/*": ["./src/*"] ] }\n}',
    })
    expect((await inspectError(dir)).message).toMatch(/^Cannot parse tsconfig\.json at 2:\d+: /)
  })
})

describe('a hand-made app', () => {
  test('every field', async () => {
    const dir = await makeTree({
      'package.json': JSON.stringify({
        name: '@acme/shop',
        imports: { '#/*': './app/*' },
        dependencies: {
          '@tanstack/react-start': '^1.132.0',
          'better-auth': '^1.7.0',
          pg: '^8.13.0',
          'drizzle-orm': '^0.44.0',
        },
        devDependencies: { typescript: '^5.9.0', broken: 5 },
        scripts: { dev: 'vite dev --port 4000', build: 'vite build' },
      }),
      'node_modules/pg/package.json': '{ "name": "pg", "version": "8.13.1" }',
      'vercel.json': '{}',
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }] }',
      'tsconfig.app.json': '{ "include": ["app"], "compilerOptions": { "paths": { "~/*": ["./app/*"] } } }',
      'vite.config.js': "export default defineConfig({ plugins: [tanstackStart({ srcDirectory: 'app' })] })",
      'app/start.tsx': 'export const startInstance = createStart(() => ({}))\n',
      'app/routes/index.tsx':
        "import { auth } from '~/server/auth';\nimport { db } from '~/db';\nexport function x() {\n    return 1;\n}\n",
      'app/server/auth.ts':
        "import { betterAuth as create } from 'better-auth';\n\nconst instance = create({});\nexport { instance as auth };\n",
      'app/routeTree.gen.ts': "import { betterAuth } from 'nope'\nexport const fake = betterAuth()\n",
      'app/routes/-components/Nav.tsx': 'export {}\n',
      'app/lib/client.ts': "export const authClient = createAuthClient({ baseURL: '/' })\n",
      'app/lib/notes.ts': '// createAuthClient lives in client.ts\n',
      'app/routes/.draft.tsx': '',
      'app/routes/styles.css': '',
      'app/routes/node_modules/x/index.js': '',
      'tsr.config.json': '{ "routeToken": "layout", "routeFileIgnorePrefix": "_skip", "indexToken": 5 }',
      'drizzle.config.ts': 'export default {}',
      '.env': 'DATABASE_URL=x\n',
      '.prettierrc.json': '{ "semi": true }',
    })
    expect(await inspectProject(dir)).toEqual({
      root: dir,
      workspaceRoot: dir,
      packageName: '@acme/shop',
      manifest: {
        dependencies: {
          '@tanstack/react-start': '^1.132.0',
          'better-auth': '^1.7.0',
          pg: '^8.13.0',
          'drizzle-orm': '^0.44.0',
        },
        // only string values: `broken: 5` is no range
        devDependencies: { typescript: '^5.9.0' },
        scripts: { dev: 'vite dev --port 4000', build: 'vite build' },
      },
      framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.132.0' },
      versions: {
        '@tanstack/react-start': { declared: '^1.132.0', installed: null, source: 'declared' },
        'better-auth': { declared: '^1.7.0', installed: null, source: 'declared' },
        'drizzle-orm': { declared: '^0.44.0', installed: null, source: 'declared' },
        pg: { declared: '^8.13.0', installed: '8.13.1', source: 'node_modules' },
        typescript: { declared: '^5.9.0', installed: null, source: 'declared' },
      },
      srcDirectory: 'app',
      routesDirectory: 'app/routes',
      generatedRouteTree: 'app/routeTree.gen.ts',
      serverFnBase: '/_serverFn/',
      // module files only (no hidden names, no node_modules); TanStack's `-` rule is applied by src/routes
      routeFiles: ['-components/Nav.tsx', 'index.tsx'],
      // string options only
      routeNaming: { routeToken: 'layout', routeFileIgnorePrefix: '_skip' },
      alias: { prefix: '~/', target: 'app', declaredIn: 'tsconfig.app.json', uses: 2 },
      aliases: [
        { prefix: '~/', target: 'app', declaredIn: 'tsconfig.app.json', uses: 2 },
        { prefix: '#/', target: 'app', declaredIn: 'package.json#imports', uses: 0 },
      ],
      tsconfig: 'tsconfig.app.json',
      viteConfig: 'vite.config.js',
      devServer: { port: 4000, from: '`--port 4000` in the dev script', known: true },
      packageManager: {
        name: 'npm',
        lockfile: null,
        reason: 'no lockfile found; defaulting to npm; pass --package-manager to choose',
      },
      style: { quote: 'double', semicolons: true, indent: '  ', source: 'prettier' },
      formatter: 'prettier',
      startFile: 'app/start.tsx',
      betterAuth: { file: 'app/server/auth.ts', exportName: 'auth' },
      authClients: ['app/lib/client.ts'],
      databases: ['drizzle-orm', 'pg'],
      // drizzle.config.ts is there, but says nothing kit-auth can use
      drizzle: { reason: 'drizzle.config.ts has no literal `dialect`' },
      prisma: null,
      envFile: '.env',
      host: { name: 'Vercel', evidence: 'vercel.json' },
      installed: ['pg'],
    })
  })
})

describe('findBetterAuth', () => {
  test.each([
    ['export const auth = betterAuth({})', 'auth'],
    ['export const auth = betterAuth({}) satisfies X', 'auth'],
    ['export default betterAuth({})', 'default'],
    ['const auth = betterAuth({})\nexport default auth', 'default'],
    ['const auth = betterAuth({})', null],
  ])('%s', (text, exportName) => {
    expect(findBetterAuth(text, 'auth.ts')).toEqual({ exportName })
  })

  test('an unexported maker that one exported function returns (directly or through its memo) is made by that one', () => {
    const maker = 'function make(env: Env, secret: string) {\n  return betterAuth({ secret })\n}\n'
    const memo = 'export function getAuth(env: Env) {\n  if (!cached) cached = make(env, env.S)\n  return cached\n}\n'
    expect(findBetterAuth(`let cached\n${maker}${memo}`, 'auth.ts')).toEqual({
      exportName: 'getAuth',
      factory: { name: 'getAuth', required: 1 },
    })
    expect(findBetterAuth(`${maker}export const getAuth = (env: Env) => make(env, '')\n`, 'auth.ts')).toEqual({
      exportName: 'getAuth',
      factory: { name: 'getAuth', required: 1 },
    })
    // two exported callers: which one the app means is unknown, so the maker stays as it is
    const two = `${maker}export const a = (env: Env) => make(env, '')\nexport const b = (env: Env) => make(env, 'x')\n`
    expect(findBetterAuth(two, 'auth.ts')).toEqual({ exportName: null, factory: { name: 'make', required: 2 } })
    // a call whose result is not what the caller returns does not count
    const other = `${maker}export function getAuth(env: Env) {\n  make(env, '')\n  return 1\n}\n`
    expect(findBetterAuth(other, 'auth.ts')).toEqual({ exportName: null, factory: { name: 'make', required: 2 } })
  })

  test('a function that keeps the instance in a local and returns it makes it', () => {
    const text = 'export function createAuthService(o: O) {\n  const auth = betterAuth(o)\n  return auth\n}\n'
    expect(findBetterAuth(text, 'auth.ts')).toEqual({
      exportName: 'createAuthService',
      factory: { name: 'createAuthService', required: 1 },
    })
    // a local it does not return is not what it makes
    const other = 'export function setup(o: O) {\n  const auth = betterAuth(o)\n  return 1\n}\n'
    expect(findBetterAuth(other, 'auth.ts')).toEqual({ exportName: null })
  })

  test('mentions that are not calls do not count', () => {
    expect(findBetterAuth('// call betterAuth() here\nconst s = "betterAuth()"', 'x.ts')).toBeUndefined()
    expect(findBetterAuth('export const x = 1', 'x.ts')).toBeUndefined()
  })
})
