import path from 'node:path'
import { expect, test } from 'vitest'
import {
  findWorkspaceRoot,
  inWorkspace,
  matchesGlob,
  startAppsIn,
  workspacePackages,
  workspacePatterns,
} from '../../src/project/workspace.js'
import { makeTree, startPackageJson } from './helpers.js'

test('matchesGlob: *, ** and literal segments', () => {
  expect(matchesGlob('apps/web', 'apps/*')).toBe(true)
  expect(matchesGlob('apps/web', './apps/*/')).toBe(true)
  expect(matchesGlob('apps/web/nested', 'apps/*')).toBe(false)
  expect(matchesGlob('packages/a/b', 'packages/**')).toBe(true)
  expect(matchesGlob('tools/cli', 'tools/cli')).toBe(true)
  expect(matchesGlob('apps/web-admin', 'apps/web-*')).toBe(true)
  expect(matchesGlob('apps/site', 'apps/web-*')).toBe(false)
})

test('inWorkspace honours negations in order', () => {
  expect(inWorkspace('apps/web', ['apps/*', '!apps/legacy'])).toBe(true)
  expect(inWorkspace('apps/legacy', ['apps/*', '!apps/legacy'])).toBe(false)
  expect(inWorkspace('docs', ['apps/*'])).toBe(false)
})

test('workspacePatterns: pnpm packages, package.json arrays and objects; a settings-only pnpm-workspace.yaml declares nothing', async () => {
  expect(await workspacePatterns(await makeTree({ 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n" }))).toEqual([
    'apps/*',
  ])
  expect(await workspacePatterns(await makeTree({ 'package.json': '{ "workspaces": ["apps/*"] }' }))).toEqual([
    'apps/*',
  ])
  expect(
    await workspacePatterns(await makeTree({ 'package.json': '{ "workspaces": { "packages": ["pkgs/*"] } }' })),
  ).toEqual(['pkgs/*'])
  expect(
    await workspacePatterns(
      await makeTree({ 'pnpm-workspace.yaml': 'allowBuilds:\n  esbuild: true\n', 'package.json': '{}' }),
    ),
  ).toBeNull()
})

test('workspacePackages and startAppsIn', async () => {
  const root = await makeTree({
    'apps/web/package.json': startPackageJson(),
    'apps/site/package.json': '{ "dependencies": { "next": "15.0.0" } }',
    'apps/empty/readme.md': '',
    'packages/ui/package.json': '{}',
    'packages/deep/x/package.json': startPackageJson(),
    'apps/web/node_modules/dep/package.json': '{}',
  })
  expect(await workspacePackages(root, ['apps/*', 'packages/**'])).toEqual([
    'apps/site',
    'apps/web',
    'packages/deep/x',
    'packages/ui',
  ])
  expect(await startAppsIn(root, ['apps/*', 'packages/**'])).toEqual(['apps/web', 'packages/deep/x'])
})

test('findWorkspaceRoot: the ancestor that includes the app, else the app itself', async () => {
  const repo = await makeTree({
    'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n",
    'apps/web/package.json': startPackageJson(),
    'apps/web/pnpm-workspace.yaml': 'allowBuilds:\n  esbuild: true\n',
    'tools/app/package.json': startPackageJson(),
    'other/package-lock.json': '{}',
    'other/nested/app/package.json': startPackageJson(),
  })
  expect(await findWorkspaceRoot(path.join(repo, 'apps/web'))).toBe(repo)
  expect(await findWorkspaceRoot(path.join(repo, 'other/nested/app'))).toBe(path.join(repo, 'other/nested/app'))
  const npmRepo = await makeTree({
    'package.json': '{ "workspaces": ["packages/*"] }',
    'packages/app/package.json': startPackageJson(),
    '.git/HEAD': '',
  })
  expect(await findWorkspaceRoot(path.join(npmRepo, 'packages/app'))).toBe(npmRepo)
  expect(await findWorkspaceRoot(npmRepo)).toBe(npmRepo)
})
