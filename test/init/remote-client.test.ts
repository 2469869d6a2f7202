/**
 * An app whose only Better Auth piece is a client of another server (a separate API holds the instance): init
 * refuses, naming the client file and its baseURL, and writes nothing; a local instance would never see the
 * sessions that server keeps. A client at the app's own URL (no baseURL, BETTER_AUTH_URL, the window's origin, the
 * dev server's port, an env variable set to it) is this app's, and init goes on.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'
import { copyFixture, init } from './support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

/** default-npm with an auth client whose options are `options`, and `files` beside it. */
function appWithClient(options: string, files: Record<string, string> = {}): string {
  const root = copyFixture('default-npm')
  copies.push(root)
  const all = {
    'src/lib/auth-client.ts': `import { createAuthClient } from 'better-auth/react'\n\nexport const authClient = createAuthClient(${options})\n`,
    ...files,
  }
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  return root
}

/** default-npm's package.json with its dev script set to `dev`. */
function withDev(dev: string): string {
  const pkg = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'default-npm/package.json'), 'utf8'))
  return `${JSON.stringify({ ...pkg, scripts: { ...pkg.scripts, dev } }, null, 2)}\n`
}

const viteConfig = readFileSync(path.join(FIXTURES_DIR, 'default-npm/vite.config.ts'), 'utf8')
/** default-npm's vite config with `server: { port: 4000 }`. */
const port4000 = viteConfig.replace('plugins:', 'server: { port: 4000 },\n  plugins:')
/** default-npm's vite config with Nitro's Vite plugin. */
const withNitro = `import { nitro } from 'nitro/vite'\n${viteConfig.replace('plugins: [', 'plugins: [nitro(), ')}`

describe('init with only a client of Better Auth', () => {
  it('refuses a client of another server, naming the file and its baseURL, and writes nothing', () => {
    const cases: [string, Record<string, string>, string][] = [
      [
        "{ baseURL: import.meta.env.VITE_API_BASE_URL || 'http://localhost:3001' }",
        {},
        "`import.meta.env.VITE_API_BASE_URL || 'http://localhost:3001'`: VITE_API_BASE_URL names an API server",
      ],
      ["{ baseURL: 'https://api.example.com' }", {}, 'api.example.com is a server of its own'],
      ["{ baseURL: 'http://localhost:4000', fetchOptions: {} }", {}, "port 4000, not this app's 3000"],
      // plain `vite dev`: Vite's own 5173
      [
        "{ baseURL: 'http://localhost:3000' }",
        { 'package.json': withDev('vite dev') },
        "port 3000, not this app's 5173",
      ],
      ["{ baseURL: 'https://auth.example.com' }", {}, 'auth.example.com is a server of its own'],
      // `--port` in the dev script beats the vite config's server.port (as Vite does)
      ["{ baseURL: 'http://localhost:4000' }", { 'vite.config.ts': port4000 }, "port 4000, not this app's 3000"],
      // a const, set from an env variable the env file points at another server
      [
        '{ baseURL: AUTH_SERVER }',
        {
          'src/lib/auth-client.ts':
            "import { createAuthClient } from 'better-auth/react'\n\nconst AUTH_SERVER = import.meta.env.VITE_AUTH_SERVER\n" +
            'export const authClient = createAuthClient({ baseURL: AUTH_SERVER })\n',
          '.env': 'VITE_AUTH_SERVER=http://localhost:8787 # the worker\n',
        },
        'VITE_AUTH_SERVER is http://localhost:8787 in the env file',
      ],
    ]
    for (const [options, files, why] of cases) {
      const root = appWithClient(options, files)
      const before = snapshotTree(root)
      const { code, stdout, stderr } = init(root, ['--yes', '--no-install'])
      expect(code, stdout + stderr).toBe(1)
      expect(stderr).toContain(
        "src/lib/auth-client.ts points the app's Better Auth client at another server (baseURL: ",
      )
      expect(stderr).toContain(why)
      expect(stderr).toContain('run kit-auth in the app where the instance lives')
      expect(stderr.trim().split('\n')).toHaveLength(2)
      expect(snapshotTree(root)).toEqual(before)
    }
  })

  it('goes on for a client of this app: no baseURL, its own URL, the window origin, an env variable set to it', () => {
    const cases: [string, Record<string, string>][] = [
      ['', {}],
      ["{ baseURL: process.env.BETTER_AUTH_URL || 'http://localhost:3001' }", {}],
      ["{ baseURL: typeof window !== 'undefined' ? window.location.origin : 'http://localhost:3001' }", {}],
      ['{ baseURL: import.meta.env.VITE_APP_URL }', {}],
      ["{ baseURL: 'http://localhost:3000' }", {}],
      ["{ baseURL: 'https://myapp.example.com' }", {}],
      // a host whose first label only starts like a server's
      ["{ baseURL: 'https://auth-demo.vercel.app' }", {}],
      ["{ baseURL: 'https://server-side.example.com' }", {}],
      // plain `vite dev` serves on Vite's 5173; a dev script of its own serves on a port kit-auth cannot know
      ["{ baseURL: 'http://localhost:5173' }", { 'package.json': withDev('vite dev') }],
      ["{ baseURL: 'http://localhost:4000' }", { 'package.json': withDev('node server.mjs') }],
      ['{ baseURL: import.meta.env.VITE_API_URL }', { '.env.local': 'VITE_API_URL=http://localhost:3000\n' }],
      // the dev server's own port, from the vite config when the dev script sets none
      ["{ baseURL: 'http://localhost:4000' }", { 'package.json': withDev('vite dev'), 'vite.config.ts': port4000 }],
      // Nitro's Vite plugin serves on its own 3000, not Vite's 5173
      ["{ baseURL: 'http://localhost:3000' }", { 'package.json': withDev('vite dev'), 'vite.config.ts': withNitro }],
    ]
    for (const [options, files] of cases) {
      const root = appWithClient(options, files)
      const { code, stdout, stderr } = init(root, ['--yes', '--no-install', '--dry-run'])
      expect(code, `${options}: ${stdout}${stderr}`).toBe(0)
    }
  })
})
