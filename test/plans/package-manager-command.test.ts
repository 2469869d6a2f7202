import { afterEach, beforeEach, expect, test } from 'vitest'
import { installStep, packageManagerCommand, packageManagerNote } from '../../src/plans/app-tasks.js'
import type { ProjectInfo } from '../../src/project/types.js'
import { makeTree } from '../helpers/tree.js'

// With an empty PATH no package manager is "installed": kit-auth must reach each one through npx.
let savedPath: string | undefined
beforeEach(() => {
  savedPath = process.env.PATH
  process.env.PATH = ''
})
afterEach(() => {
  process.env.PATH = savedPath
})

function project(root: string, packageManager: ProjectInfo['packageManager'], workspaceRoot = root): ProjectInfo {
  return { root, workspaceRoot, packageManager } as ProjectInfo
}

test('yarn berry runs through @yarnpkg/cli-dist (the `yarn` package stops at 1.x), pinned by the packageManager field', () => {
  const pinned = makeTree({ 'package.json': '{ "packageManager": "yarn@4.12.0+sha512.abc" }' })
  expect(packageManagerCommand(project(pinned, { name: 'yarn', lockfile: null, reason: '', yarn: 'berry' }))).toEqual([
    'npx',
    ['-y', '-p', '@yarnpkg/cli-dist@4.12.0', 'yarn'],
  ])
  const unpinned = makeTree({ 'package.json': '{}' })
  expect(
    packageManagerCommand(project(unpinned, { name: 'yarn', lockfile: 'yarn.lock', reason: '', yarn: 'berry' })),
  ).toEqual(['npx', ['-y', '-p', '@yarnpkg/cli-dist@4', 'yarn']])
})

test('yarn classic, bun and pnpm through npx; npm directly', () => {
  const root = makeTree({ 'package.json': '{}' })
  expect(
    packageManagerCommand(project(root, { name: 'yarn', lockfile: 'yarn.lock', reason: '', yarn: 'classic' })),
  ).toEqual(['npx', ['-y', 'yarn@1']])
  expect(packageManagerCommand(project(root, { name: 'bun', lockfile: 'bun.lock', reason: '' }))).toEqual([
    'npx',
    ['-y', 'bun@latest'],
  ])
  expect(packageManagerCommand(project(root, { name: 'pnpm', lockfile: null, reason: '' }))).toEqual([
    'npx',
    ['-y', 'pnpm@10'],
  ])
  expect(packageManagerCommand(project(root, { name: 'npm', lockfile: null, reason: '' }))).toEqual(['npm', []])
})

test('the install hint and the report note name the workspace root', () => {
  const app = project(
    '/repo/apps/web',
    { name: 'npm', lockfile: 'package-lock.json', reason: 'found package-lock.json' },
    '/repo',
  )
  expect(installStep(app)).toBe('Install the new dependencies: `npm install` at the workspace root /repo')
  expect(installStep(project('/app', { name: 'bun', lockfile: 'bun.lock', reason: '' }))).toBe(
    'Install the new dependencies: `bun install`',
  )
  expect(packageManagerNote(app)).toBe('Package manager: npm at the workspace root /repo (found package-lock.json).')
  expect(packageManagerNote(project('/app', { name: 'bun', lockfile: 'bun.lock', reason: 'found bun.lock' }))).toBe(
    'Package manager: bun (found bun.lock).',
  )
})
