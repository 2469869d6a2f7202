import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inspectProject } from '../../src/project/inspect.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { discoverRoutes, listRouteFiles, readRouteNamingConfig, routeTable } from '../../src/routes/discover.js'
import { fullPathOf, routeFromFileName, unnestedParents } from '../../src/routes/naming.js'

/**
 * Expected ids, URL paths (fullPath), parents and kinds below were computed by TanStack's own
 * generator (@tanstack/router-generator 1.167.39: `new Generator(...).run()`, then each node's
 * routePath, inferFullPath(node), parent and _fsRouteType) on these sets of file names, and
 * hard-coded here. Files the generator ignores (`-x`) or folds into another route (`.lazy`,
 * `.component`) have no row of their own.
 */
const SETS: string[][] = [
  [
    'index.tsx',
    'about.tsx',
    'settings.profile.tsx',
    'settings/route.tsx',
    'settings/index.tsx',
    'teams/$teamId.tsx',
    'teams/$teamId/members.tsx',
    'files/$.tsx',
    '_app.tsx',
    '_app/inbox.tsx',
    '(marketing)/pricing.tsx',
    'sitemap[.]xml.ts',
    'posts.tsx',
    'posts.index.tsx',
    'posts.$postId.tsx',
    'posts_.$postId.edit.tsx',
    'docs.{$slug}.tsx',
    '-components/Button.tsx',
    '-helper.ts',
    'dashboard.lazy.tsx',
    'reports.tsx',
    'reports.lazy.tsx',
    'api/auth/$.ts',
    '_authenticated/route.tsx',
    '_authenticated/account.tsx',
    'blog/[index].tsx',
    '[_]internal.tsx',
    'admin/users.$userId.tsx',
    'shop/products/$productId/index.tsx',
    '(auth)/_layout.tsx',
    '(auth)/_layout/login.tsx',
    'a.b.c.tsx',
    'x/route.ts',
    'x/y.jsx',
    'z.js',
  ],
  [
    'posts/route.tsx',
    'posts/index.tsx',
    'posts/$postId/route.tsx',
    'posts/$postId/index.tsx',
    'posts_/$postId/edit.tsx',
    '_layout/route.tsx',
    '_layout/a.tsx',
    '_layout/b/route.tsx',
    '_layout/b/c.tsx',
    '(group)/x/route.tsx',
    '(group)/x/index.tsx',
    '[route].tsx',
    'foo[_].tsx',
    'blog.lazy.tsx',
    'blog/route.tsx',
    'a/b.lazy.tsx',
    'a/b/c.tsx',
    'docs/{-$lang}.tsx',
    'file{$id}[.]txt.tsx',
    'api.users.ts',
    '$.tsx',
    '_pathless/_nested/deep.tsx',
    'things.component.tsx',
    'things.tsx',
    'nested/-private/x.tsx',
    'nested/y.tsx',
    'index.lazy.tsx',
    'index.tsx',
  ],
  [
    'app/_shell.tsx',
    'app/_shell/home.tsx',
    'app/_shell/settings_.billing.tsx',
    'app/settings.tsx',
    '(a)/(b)/deep/page.tsx',
    'users.$userId_.edit.tsx',
    'users.$userId.tsx',
    'users.index.tsx',
    'org.$orgId.projects.$projectId.index.tsx',
    'org.$orgId.route.tsx',
    'v[.]1.status.ts',
    '[index].tsx',
    'nested/index/route.tsx',
    'nested/index/child.tsx',
    '(auth)/route.tsx',
  ],
]

/** [file (or the lazy file of a lazy-only route), id, fullPath, parent id (null: root), kind, lazy half] */
type Row = [string, string, string, string | null, string, string?]

const EXPECTED: Row[][] = [
  // set 1
  [
    ['index.tsx', '/', '/', null, 'static'],
    ['(auth)/_layout.tsx', '/(auth)/_layout', '', null, 'pathless'],
    ['(auth)/_layout/login.tsx', '/(auth)/_layout/login', '/login', '/(auth)/_layout', 'static'],
    ['(marketing)/pricing.tsx', '/(marketing)/pricing', '/pricing', null, 'static'],
    ['_app.tsx', '/_app', '/', null, 'pathless'],
    ['_app/inbox.tsx', '/_app/inbox', '/inbox', '/_app', 'static'],
    ['_authenticated/route.tsx', '/_authenticated', '/', null, 'pathless'],
    ['_authenticated/account.tsx', '/_authenticated/account', '/account', '/_authenticated', 'static'],
    ['[_]internal.tsx', '/_internal', '/_internal', null, 'static'],
    ['a.b.c.tsx', '/a/b/c', '/a/b/c', null, 'static'],
    ['about.tsx', '/about', '/about', null, 'static'],
    ['admin/users.$userId.tsx', '/admin/users/$userId', '/admin/users/$userId', null, 'static'],
    ['api/auth/$.ts', '/api/auth/$', '/api/auth/$', null, 'static'],
    ['blog/[index].tsx', '/blog/index', '/blog/index', null, 'static'],
    ['dashboard.lazy.tsx', '/dashboard', '/dashboard', null, 'static'],
    ['docs.{$slug}.tsx', '/docs/{$slug}', '/docs/{$slug}', null, 'static'],
    ['files/$.tsx', '/files/$', '/files/$', null, 'static'],
    ['posts.tsx', '/posts', '/posts', null, 'static'],
    ['posts.index.tsx', '/posts/', '/posts/', '/posts', 'static'],
    ['posts.$postId.tsx', '/posts/$postId', '/posts/$postId', '/posts', 'static'],
    ['posts_.$postId.edit.tsx', '/posts_/$postId/edit', '/posts/$postId/edit', null, 'static'],
    ['reports.tsx', '/reports', '/reports', null, 'static', 'reports.lazy.tsx'],
    ['settings/route.tsx', '/settings', '/settings', null, 'layout'],
    ['settings/index.tsx', '/settings/', '/settings/', '/settings', 'static'],
    ['settings.profile.tsx', '/settings/profile', '/settings/profile', '/settings', 'static'],
    ['shop/products/$productId/index.tsx', '/shop/products/$productId/', '/shop/products/$productId/', null, 'static'],
    ['sitemap[.]xml.ts', '/sitemap.xml', '/sitemap.xml', null, 'static'],
    ['teams/$teamId.tsx', '/teams/$teamId', '/teams/$teamId', null, 'static'],
    ['teams/$teamId/members.tsx', '/teams/$teamId/members', '/teams/$teamId/members', '/teams/$teamId', 'static'],
    ['x/route.ts', '/x', '/x', null, 'layout'],
    ['x/y.jsx', '/x/y', '/x/y', '/x', 'static'],
    ['z.js', '/z', '/z', null, 'static'],
  ],
  // set 2
  [
    ['index.tsx', '/', '/', null, 'static', 'index.lazy.tsx'],
    ['$.tsx', '/$', '/$', null, 'static'],
    ['(group)/x/route.tsx', '/(group)/x', '/x', null, 'layout'],
    ['(group)/x/index.tsx', '/(group)/x/', '/x/', '/(group)/x', 'static'],
    ['_layout/route.tsx', '/_layout', '/', null, 'pathless'],
    ['_layout/a.tsx', '/_layout/a', '/a', '/_layout', 'static'],
    ['_layout/b/route.tsx', '/_layout/b', '/b', '/_layout', 'layout'],
    ['_layout/b/c.tsx', '/_layout/b/c', '/b/c', '/_layout/b', 'static'],
    ['_pathless/_nested/deep.tsx', '/_pathless/_nested/deep', '/deep', null, 'static'],
    ['a/b.lazy.tsx', '/a/b', '/a/b', null, 'static'],
    ['a/b/c.tsx', '/a/b/c', '/a/b/c', '/a/b', 'static'],
    ['api.users.ts', '/api/users', '/api/users', null, 'static'],
    ['blog/route.tsx', '/blog', '/blog', null, 'layout', 'blog.lazy.tsx'],
    ['docs/{-$lang}.tsx', '/docs/{-$lang}', '/docs/{-$lang}', null, 'static'],
    ['file{$id}[.]txt.tsx', '/file{$id}.txt', '/file{$id}.txt', null, 'static'],
    ['foo[_].tsx', '/foo_', '/foo_', null, 'static'],
    ['nested/y.tsx', '/nested/y', '/nested/y', null, 'static'],
    ['posts/route.tsx', '/posts', '/posts', null, 'layout'],
    ['posts/index.tsx', '/posts/', '/posts/', '/posts', 'static'],
    ['posts/$postId/route.tsx', '/posts/$postId', '/posts/$postId', '/posts', 'layout'],
    ['posts/$postId/index.tsx', '/posts/$postId/', '/posts/$postId/', '/posts/$postId', 'static'],
    ['posts_/$postId/edit.tsx', '/posts_/$postId/edit', '/posts/$postId/edit', null, 'static'],
    ['[route].tsx', '/route', '/route', null, 'static'],
    ['things.tsx', '/things', '/things', null, 'static'],
  ],
  // set 3
  [
    ['(a)/(b)/deep/page.tsx', '/(a)/(b)/deep/page', '/deep/page', null, 'static'],
    ['(auth)/route.tsx', '/(auth)', '', null, 'layout'],
    ['app/_shell.tsx', '/app/_shell', '/app', null, 'pathless'],
    ['app/_shell/home.tsx', '/app/_shell/home', '/app/home', '/app/_shell', 'static'],
    [
      'app/_shell/settings_.billing.tsx',
      '/app/_shell/settings_/billing',
      '/app/settings/billing',
      '/app/_shell',
      'static',
    ],
    ['app/settings.tsx', '/app/settings', '/app/settings', null, 'static'],
    ['[index].tsx', '/index', '/index', null, 'static'],
    ['nested/index/route.tsx', '/nested/', '/nested/', null, 'layout'],
    ['nested/index/child.tsx', '/nested/index/child', '/nested/index/child', null, 'static'],
    ['org.$orgId.route.tsx', '/org/$orgId', '/org/$orgId', null, 'layout'],
    [
      'org.$orgId.projects.$projectId.index.tsx',
      '/org/$orgId/projects/$projectId/',
      '/org/$orgId/projects/$projectId/',
      '/org/$orgId',
      'static',
    ],
    ['users.index.tsx', '/users/', '/users/', null, 'static'],
    ['users.$userId.tsx', '/users/$userId', '/users/$userId', null, 'static'],
    ['users.$userId_.edit.tsx', '/users/$userId_/edit', '/users/$userId/edit', null, 'static'],
    ['v[.]1.status.ts', '/v.1/status', '/v.1/status', null, 'static'],
  ],
]

const created: string[] = []
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true })
})

function appWith(files: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-routes-'))
  created.push(root)
  for (const file of ['__root.tsx', ...files]) {
    const full = path.join(root, 'src/routes', file)
    mkdirSync(path.dirname(full), { recursive: true })
    writeFileSync(full, '')
  }
  return root
}

describe('route naming matches TanStack’s generator', () => {
  SETS.forEach((files, index) => {
    it(`set ${index + 1} (${files.length} files)`, () => {
      const table = discoverRoutes(appWith(files), 'src/routes')
      const actual = table.routes.map((route): Row => {
        const file = (route.file ?? route.lazyFile ?? '').replace('src/routes/', '')
        const row: Row = [file, route.id, route.fullPath, route.parent, route.kind]
        if (route.file && route.lazyFile) row.push(route.lazyFile.replace('src/routes/', ''))
        return row
      })
      const sort = (rows: Row[]) => [...rows].sort((a, b) => (a[1] < b[1] ? -1 : 1))
      expect(sort(actual)).toEqual(sort(EXPECTED[index] ?? []))
      expect(table.rootFile).toBe('src/routes/__root.tsx')
    })
  })
})

describe('routeFromFileName', () => {
  it('reads the root, lazy halves and deprecated pieces', () => {
    expect(routeFromFileName('__root.tsx')).toMatchObject({ kind: 'root' })
    expect(routeFromFileName('posts.lazy.tsx')).toMatchObject({ id: '/posts', kind: 'lazy' })
    expect(routeFromFileName('posts/route.lazy.tsx')).toMatchObject({ id: '/posts', kind: 'lazy' })
    expect(routeFromFileName('posts.index.lazy.tsx')).toMatchObject({ id: '/posts/', kind: 'lazy' })
    expect(routeFromFileName('posts.component.tsx')).toMatchObject({ id: '/posts', kind: 'piece' })
  })

  it('refuses what is not a route module', () => {
    expect(routeFromFileName('styles.css')).toBeNull()
    expect(routeFromFileName('(group).tsx')).toBeNull()
  })

  it('finds un-nesting segments, not escaped ones', () => {
    expect(unnestedParents('/posts_/$postId/edit', '/posts_/$postId/edit')).toEqual(['/posts'])
    expect(unnestedParents('/users/$userId_/edit', '/users/$userId_/edit')).toEqual(['/users/$userId'])
    expect(unnestedParents('/foo_/bar', '/foo[_]/bar')).toEqual([])
    expect(unnestedParents('/posts_', '/posts_')).toEqual([])
  })

  it('computes URL paths like inferFullPath', () => {
    expect(fullPathOf('/(app)/_layout/settings_/billing', '/(app)/_layout/settings_/billing')).toBe('/settings/billing')
    expect(fullPathOf('/posts/', '/posts/')).toBe('/posts/')
    expect(fullPathOf('/_internal', '/[_]internal')).toBe('/_internal')
  })
})

describe('listing route files', () => {
  it('skips ignored names, tests, declarations and the generated tree; reads only names', () => {
    const root = appWith([
      'a.tsx',
      '-private/x.tsx',
      '-util.ts',
      '.hidden.tsx',
      'a.test.tsx',
      'b.spec.ts',
      'types.d.ts',
      'routeTree.gen.ts',
      'style.css',
      'c.stories.tsx',
      'deep/-skip/y.tsx',
      'deep/z.jsx',
    ])
    expect(listRouteFiles(path.join(root, 'src/routes'), readRouteNamingConfig(root))).toEqual([
      '__root.tsx',
      'a.tsx',
      'deep/z.jsx',
    ])
  })

  it('honours tsr.config.json tokens and ignore options', () => {
    const root = appWith(['posts/layout.tsx', 'posts/main.tsx', 'posts/item.tsx', '_skip.tsx', 'keep.tsx'])
    writeFileSync(
      path.join(root, 'tsr.config.json'),
      JSON.stringify({
        routeToken: 'layout',
        indexToken: 'main',
        routeFileIgnorePrefix: '_skip',
        routeFileIgnorePattern: 'item',
      }),
    )
    const table = discoverRoutes(root, 'src/routes')
    expect(table.routes.map((route) => [route.id, route.kind])).toEqual([
      ['/keep', 'static'],
      ['/posts', 'layout'],
      ['/posts/', 'static'],
    ])
  })

  it('reports two files with one id as a conflict', () => {
    const table = discoverRoutes(appWith(['posts.tsx', 'posts/route.tsx', 'about.ts', 'about.tsx']), 'src/routes')
    expect(table.byId.get('/posts')?.files).toEqual(['src/routes/posts.tsx', 'src/routes/posts/route.tsx'])
    expect(table.byId.get('/about')?.files).toEqual(['src/routes/about.ts', 'src/routes/about.tsx'])
  })

  it('returns an empty table for a missing routes folder', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-routes-'))
    created.push(root)
    expect(discoverRoutes(root, 'src/routes').routes).toEqual([])
  })
})

describe('the route table of an inspected app', () => {
  it('is built from the route files inspection listed, with tsr.config.json naming, never from the disk', async () => {
    const root = appWith(['posts/layout.tsx', 'posts/main.tsx', 'posts/item.tsx', '_skip.tsx', 'keep.tsx', '-x/y.tsx'])
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ dependencies: { '@tanstack/react-start': '^1.169.0' } }),
    )
    writeFileSync(
      path.join(root, 'tsr.config.json'),
      JSON.stringify({
        routeToken: 'layout',
        indexToken: 'main',
        routeFileIgnorePrefix: '_skip',
        routeFileIgnorePattern: 'item',
      }),
    )
    const project = await inspectProject(root)
    const expected = discoverRoutes(root, 'src/routes')
    // the routes folder is gone: the table comes from ProjectInfo alone
    renameSync(path.join(root, 'src/routes'), path.join(root, 'src/moved'))
    const table = routeTable(project)
    expect(table).toEqual(expected)
    expect(table.routes.map((route) => [route.id, route.kind, route.file])).toEqual([
      // routeFileIgnorePrefix replaces `-`: -x/y.tsx is a route here
      ['/-x/y', 'static', 'src/routes/-x/y.tsx'],
      ['/keep', 'static', 'src/routes/keep.tsx'],
      ['/posts', 'layout', 'src/routes/posts/layout.tsx'],
      ['/posts/', 'static', 'src/routes/posts/main.tsx'],
    ])
    expect(table.rootFile).toBe('src/routes/__root.tsx')
    // built once per ProjectInfo
    expect(routeTable(project)).toBe(table)
  })

  it('is the table discoverRoutes reads from the disk, on every fixture app', async () => {
    const apps = readdirSync(FIXTURES_DIR).flatMap((name) => {
      const workspace = path.join(FIXTURES_DIR, name, 'apps')
      return existsSync(workspace)
        ? readdirSync(workspace).map((app) => path.join(workspace, app))
        : [path.join(FIXTURES_DIR, name)]
    })
    expect(apps.length).toBeGreaterThan(25)
    for (const app of apps) {
      const project = await inspectProject(app)
      expect(routeTable(project), app).toEqual(discoverRoutes(app, project.routesDirectory))
    }
    const zoo = routeTable(await inspectProject(path.join(FIXTURES_DIR, 'routes-zoo')))
    expect(zoo.routes.some((route) => route.file?.includes('/-'))).toBe(false)
    expect(zoo.byId.get('/_app/_dashboard/_panel/settings')?.file).toBe(
      'src/routes/_app/_dashboard/_panel/settings.tsx',
    )
  })
})
