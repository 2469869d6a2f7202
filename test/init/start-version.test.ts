/**
 * The Start check of `kit-auth init`: the installed release decides (node_modules, else the
 * lockfile); with none, the declared range does, and a range that allows 1.132+ is refused only
 * when the app's code uses what 1.132 removed. Each refusal says which version or range it saw.
 */
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTree, snapshotTree } from '../helpers/tree.js'
import { init } from './support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const ROOT_ROUTE =
  "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n"

function app(start: string, files: Record<string, string> = {}, installed?: string): string {
  const manifest = {
    name: 'start-version',
    private: true,
    type: 'module',
    dependencies: { '@tanstack/react-router': start, '@tanstack/react-start': start, react: '^19.2.0' },
  }
  const root = makeTree({
    'package.json': JSON.stringify(manifest, null, 2),
    'src/routes/__root.tsx': ROOT_ROUTE,
    ...(installed
      ? {
          'node_modules/@tanstack/react-start/package.json': JSON.stringify({
            name: '@tanstack/react-start',
            version: installed,
          }),
        }
      : {}),
    ...files,
  })
  copies.push(root)
  return root
}

const OLD_ROUTE =
  "import { createServerFileRoute } from '@tanstack/react-start/server'\n\nexport const ServerRoute = createServerFileRoute('/api/x').methods({})\n"

describe('init and the Start version', () => {
  it('refuses a range that allows 1.132+ when the code uses what 1.132 removed, naming range and APIs', () => {
    const root = app('^1.131.36', {
      'src/routes/api/x.ts': OLD_ROUTE,
      'src/server/session.ts':
        "import { getHeaders, parseCookies } from '@tanstack/react-start/server'\nexport const h = () => [getHeaders(), parseCookies()]\n",
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'This app asks for @tanstack/react-start ^1.131.36 and nothing is installed, so a fresh install would get ' +
        '1.132.0 or newer, but its code uses what 1.132.0 removed: createServerFileRoute (src/routes/api/x.ts), ' +
        'getHeaders (src/server/session.ts), parseCookies (src/server/session.ts).',
    )
    expect(result.stderr).not.toContain('1.131.36 is too old')
    expect(snapshotTree(root)).toEqual(before)
  })

  it('goes on with such a range when the code uses none of it', () => {
    const result = init(app('^1.131.36'), ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
  })

  it('refuses an older installed release, saying it is installed and that the range allows newer', () => {
    const result = init(app('^1.131.36', {}, '1.131.50'), ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      '@tanstack/react-start 1.131.50 is installed (package.json asks for ^1.131.36, which allows newer): ' +
        'kit-auth needs 1.132.0 or newer',
    )
    expect(result.stderr).toContain('Update it within that range')
  })

  it('refuses a range that allows no supported release, naming it', () => {
    const result = init(app('~1.131.2'), ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'This app asks for @tanstack/react-start ~1.131.2, which allows no release from 1.132.0',
    )
  })

  it('refuses serverOnly (removed in 1.132) on a range that allows 1.132+, naming createServerOnlyFn', () => {
    const root = app('^1.131.36', {
      'src/lib/auth.ts':
        "import { serverOnly } from '@tanstack/react-start'\nexport const getAuth = serverOnly(() => ({}))\n",
    })
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('its code uses what 1.132.0 removed: serverOnly (src/lib/auth.ts).')
    expect(result.stderr).toContain('createServerOnlyFn and createClientOnlyFn serverOnly and clientOnly')
  })

  it('refuses what 1.132 removed with a newer Start installed too (the app does not build), writing nothing', () => {
    const root = app(
      '^1.133.13',
      {
        'src/lib/auth.ts':
          "import { clientOnly, serverOnly as only } from '@tanstack/react-start'\nexport const a = [clientOnly, only]\n",
      },
      '1.169.5',
    )
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      "@tanstack/react-start 1.169.5 is installed, but this app's code uses what 1.132.0 removed: " +
        'clientOnly (src/lib/auth.ts), serverOnly (src/lib/auth.ts); it does not build on the Start it has.',
    )
    expect(snapshotTree(root)).toEqual(before)
  })

  it('reads imports, not comments or strings, and an app.config.ts left beside a vite.config only when it is the one', () => {
    const root = app(
      '^1.133.13',
      {
        'src/lib/auth.ts':
          "// import { serverOnly } from '@tanstack/react-start'\n" +
          'export const docs = "import { getWebRequest } from \'@tanstack/react-start/server\'"\n' +
          'const serverOnly = <T,>(fn: T) => fn\nexport const getAuth = serverOnly(() => ({}))\n',
        'app.config.ts':
          "import { defineConfig } from '@tanstack/react-start/config'\nexport default defineConfig({})\n",
        'vite.config.ts': "import { defineConfig } from 'vite'\n\nexport default defineConfig({})\n",
      },
      '1.169.5',
    )
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code, result.stderr).toBe(0)
  })

  it("moves the router's release train with Start in the upgrade command", () => {
    const root = app('^1.131.36', {}, '1.131.50')
    const manifest = JSON.parse(snapshotTree(root)['package.json']!) as Record<string, Record<string, string>>
    manifest.devDependencies = {
      '@tanstack/router-plugin': '^1.131.36',
      '@tanstack/react-router-devtools': '^1.131.36',
      '@tanstack/react-query': '^5.0.0',
    }
    writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest))
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      '(npm install @tanstack/react-start@latest @tanstack/react-router@latest ' +
        '@tanstack/react-router-devtools@latest @tanstack/router-plugin@latest)',
    )
  })
})
