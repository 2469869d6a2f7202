import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KitError, UsageError } from '../../src/core/errors.js'
import { discoverRoutes, type RouteTable } from '../../src/routes/discover.js'
import { findRoute, nearestPaths, normalizeInput } from '../../src/routes/lookup.js'

const created: string[] = []
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true })
})

function table(files: string[], routesDirectory = 'src/routes'): RouteTable {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-lookup-'))
  created.push(root)
  for (const file of ['__root.tsx', ...files]) {
    const full = path.join(root, routesDirectory, file)
    mkdirSync(path.dirname(full), { recursive: true })
    writeFileSync(full, '')
  }
  return discoverRoutes(root, routesDirectory)
}

const APP = table([
  'index.tsx',
  'settings/route.tsx',
  'settings/index.tsx',
  'settings.profile.tsx',
  'teams/$teamId.tsx',
  'files/$.tsx',
  '_app.tsx',
  '_app/inbox.tsx',
  '(marketing)/pricing.tsx',
  'sitemap[.]xml.ts',
  'posts.tsx',
  'posts.$postId.tsx',
  'posts_.$postId.edit.tsx',
  'docs.{$slug}.tsx',
  'reports.lazy.tsx',
])

const fileOf = (input: string) => {
  const route = findRoute(APP, input)
  return route.file ?? route.lazyFile
}

describe('findRoute', () => {
  it('finds routes by URL path', () => {
    expect(fileOf('/settings/profile')).toBe('src/routes/settings.profile.tsx')
    expect(fileOf('/teams/$teamId')).toBe('src/routes/teams/$teamId.tsx')
    expect(fileOf('/files/$')).toBe('src/routes/files/$.tsx')
    expect(fileOf('/inbox')).toBe('src/routes/_app/inbox.tsx')
    expect(fileOf('/pricing')).toBe('src/routes/(marketing)/pricing.tsx')
    expect(fileOf('/sitemap.xml')).toBe('src/routes/sitemap[.]xml.ts')
    expect(fileOf('/posts/$postId/edit')).toBe('src/routes/posts_.$postId.edit.tsx')
    expect(fileOf('/')).toBe('src/routes/index.tsx')
  })

  it('finds routes by route id', () => {
    expect(fileOf('/_app/inbox')).toBe('src/routes/_app/inbox.tsx')
    expect(fileOf('/(marketing)/pricing')).toBe('src/routes/(marketing)/pricing.tsx')
    expect(fileOf('/posts_/$postId/edit')).toBe('src/routes/posts_.$postId.edit.tsx')
    expect(fileOf('/_app')).toBe('src/routes/_app.tsx')
  })

  it('prefers the layout for a bare path, the index for a trailing slash', () => {
    expect(fileOf('/settings')).toBe('src/routes/settings/route.tsx')
    expect(fileOf('/settings/')).toBe('src/routes/settings/index.tsx')
  })

  it('reads {$param} and $param alike', () => {
    expect(fileOf('/docs/$slug')).toBe('src/routes/docs.{$slug}.tsx')
    expect(fileOf('/docs/{$slug}')).toBe('src/routes/docs.{$slug}.tsx')
  })

  it('finds a lazy-only route (no route file yet)', () => {
    expect(findRoute(APP, '/reports')).toMatchObject({ file: null, lazyFile: 'src/routes/reports.lazy.tsx' })
  })

  it('cleans what the user typed', () => {
    expect(normalizeInput('settings/profile')).toBe('/settings/profile')
    expect(normalizeInput('//settings//profile?tab=1#x')).toBe('/settings/profile')
    expect(fileOf('settings/profile')).toBe('src/routes/settings.profile.tsx')
  })

  it('does not find a pathless layout by the URL it shares', () => {
    // `/` is the index route, not the _app layout that also has URL `/`
    expect(findRoute(APP, '/').id).toBe('/')
  })

  it('lists both files when two claim a path', () => {
    const ambiguous = table(['about.tsx', '(marketing)/about.tsx'])
    const error = (() => {
      try {
        findRoute(ambiguous, '/about')
      } catch (caught) {
        return caught as KitError
      }
      throw new Error('no error')
    })()
    expect(error).toBeInstanceOf(KitError)
    expect(error.message).toMatch(
      /\/about is ambiguous: 2 files claim it: src\/routes\/\(marketing\)\/about\.tsx, src\/routes\/about\.tsx/,
    )
    expect(error.hint).toMatch(/\/\(marketing\)\/about or \/about/)
    // by id each is found
    expect(findRoute(ambiguous, '/(marketing)/about').file).toBe('src/routes/(marketing)/about.tsx')
  })

  it('lists both files when two files share one id', () => {
    const conflict = table(['posts.tsx', 'posts/route.tsx'])
    expect(() => findRoute(conflict, '/posts')).toThrow(
      /2 files claim it: src\/routes\/posts\.tsx, src\/routes\/posts\/route\.tsx/,
    )
  })

  it('suggests the nearest paths on a miss', () => {
    expect(() => findRoute(APP, '/setings/profile')).toThrow(UsageError)
    try {
      findRoute(APP, '/setings/profile')
    } catch (error) {
      expect((error as KitError).hint).toMatch(/^Nearest: \/settings\/profile/)
      expect((error as KitError).exitCode).toBe(2)
    }
    expect(nearestPaths(APP, '/post/$postId')[0]).toBe('/posts/$postId')
  })

  it('suggests the route that serves a concrete URL first (params, splats, optional params)', () => {
    expect(nearestPaths(APP, '/posts/1')[0]).toBe('/posts/$postId')
    expect(nearestPaths(APP, '/teams/acme')[0]).toBe('/teams/$teamId')
    expect(nearestPaths(APP, '/files/a/b/c.txt')[0]).toBe('/files/$')
    expect(nearestPaths(APP, '/docs/intro')[0]).toBe('/docs/{$slug}')
    expect(nearestPaths(APP, '/posts/1/edit')[0]).toBe('/posts/$postId/edit')
    const optional = table(['{-$lang}/about.tsx', 'about-us.tsx'])
    expect(nearestPaths(optional, '/en/about')[0]).toBe('/{-$lang}/about')
    expect(nearestPaths(optional, '/about')[0]).toBe('/{-$lang}/about')
    // a params-only route (`/$lang`) serves any typo: it gets no head start
    const lang = table(['$lang.tsx', 'settings.tsx', 'reports.tsx'])
    expect(nearestPaths(lang, '/setings')[0]).toBe('/settings')
    expect(nearestPaths(lang, '/report')[0]).toBe('/reports')
    // a param never matches an empty segment: /teams is not a URL of /teams/$teamId
    expect(nearestPaths(APP, '/teams')[0]).not.toBe('/teams/$teamId')
  })

  it('works with a custom routes directory', () => {
    const custom = table(['dashboard.ts'], 'app/pages')
    expect(findRoute(custom, '/dashboard').file).toBe('app/pages/dashboard.ts')
  })
})
