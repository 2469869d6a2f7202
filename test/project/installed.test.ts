import { expect, test } from 'vitest'
import { hasNativeBuild, installedPackages } from '../../src/project/installed.js'
import { makeTree } from './helpers.js'

test('installedPackages: what kit-auth adds that node_modules of the app or the workspace root holds', async () => {
  const repo = await makeTree({
    'node_modules/pg/package.json': '{}',
    'node_modules/react/package.json': '{}',
    'apps/web/node_modules/better-auth/package.json': '{}',
    // a folder without package.json is no installed package
    'apps/web/node_modules/@types/pg/index.d.ts': '',
  })
  expect(installedPackages(`${repo}/apps/web`, repo)).toEqual(['better-auth', 'pg'])
  expect(installedPackages(`${repo}/apps/web`, `${repo}/apps/web`)).toEqual(['better-auth'])
  expect(installedPackages(await makeTree({ 'package.json': '{}' }), repo)).toEqual(['pg'])
})

test('hasNativeBuild: the copy Node resolves from the app, up to the workspace root, has build/Release', async () => {
  const repo = await makeTree({
    'node_modules/better-sqlite3/package.json': '{}',
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node': '',
    'node_modules/pg-native/package.json': '{}',
    'apps/web/node_modules/pg-native/package.json': '{}',
    'apps/web/node_modules/pg-native/build/Release/addon.node': '',
    'apps/web/node_modules/sqlite3/package.json': '{}',
  })
  const app = { root: `${repo}/apps/web`, workspaceRoot: repo }
  // hoisted to the workspace root, built
  expect(hasNativeBuild(app, 'better-sqlite3')).toBe(true)
  // the app's own copy wins over the unbuilt hoisted one
  expect(hasNativeBuild(app, 'pg-native')).toBe(true)
  expect(hasNativeBuild(app, 'sqlite3')).toBe(false)
  // not installed at all: nothing to rebuild
  expect(hasNativeBuild(app, 'bcrypt')).toBe(true)
  // nothing above the workspace root counts
  const unbuilt = await makeTree({ 'node_modules/sqlite3/package.json': '{}', 'app/package.json': '{}' })
  expect(hasNativeBuild({ root: `${unbuilt}/app`, workspaceRoot: `${unbuilt}/app` }, 'sqlite3')).toBe(true)
  expect(hasNativeBuild({ root: `${unbuilt}/app`, workspaceRoot: unbuilt }, 'sqlite3')).toBe(false)
})
