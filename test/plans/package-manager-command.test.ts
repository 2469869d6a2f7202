import { expect, test } from 'vitest'
import { installStep, packageManagerCommand, packageManagerNote } from '../../src/plans/app-tasks.js'
import type { ProjectInfo } from '../../src/project/types.js'

function project(root: string, packageManager: ProjectInfo['packageManager'], workspaceRoot = root): ProjectInfo {
  return { root, workspaceRoot, packageManager } as ProjectInfo
}

// Not on PATH (`false`): kit-auth must reach each package manager through npx.
test('yarn berry runs through @yarnpkg/cli-dist (the `yarn` package stops at 1.x), pinned by the packageManager field', () => {
  const pinned = project('/app', { name: 'yarn', lockfile: null, reason: '', yarn: 'berry', version: '4.12.0' })
  expect(packageManagerCommand(pinned, false)).toEqual(['npx', ['-y', '-p', '@yarnpkg/cli-dist@4.12.0', 'yarn']])
  const unpinned = project('/app', { name: 'yarn', lockfile: 'yarn.lock', reason: '', yarn: 'berry' })
  expect(packageManagerCommand(unpinned, false)).toEqual(['npx', ['-y', '-p', '@yarnpkg/cli-dist@4', 'yarn']])
})

test('yarn classic, bun and pnpm through npx; npm directly', () => {
  expect(
    packageManagerCommand(project('/app', { name: 'yarn', lockfile: 'yarn.lock', reason: '', yarn: 'classic' }), false),
  ).toEqual(['npx', ['-y', 'yarn@1']])
  expect(packageManagerCommand(project('/app', { name: 'bun', lockfile: 'bun.lock', reason: '' }), false)).toEqual([
    'npx',
    ['-y', 'bun@latest'],
  ])
  expect(packageManagerCommand(project('/app', { name: 'pnpm', lockfile: null, reason: '' }), false)).toEqual([
    'npx',
    ['-y', 'pnpm@10'],
  ])
  expect(
    packageManagerCommand(project('/app', { name: 'pnpm', lockfile: null, reason: '', version: '9.15.0' }), false),
  ).toEqual(['npx', ['-y', 'pnpm@9.15.0']])
  expect(packageManagerCommand(project('/app', { name: 'npm', lockfile: null, reason: '' }), false)).toEqual([
    'npm',
    [],
  ])
})

test('a package manager on PATH runs as itself, pinned or not', () => {
  const berry = project('/app', { name: 'yarn', lockfile: null, reason: '', yarn: 'berry', version: '4.12.0' })
  expect(packageManagerCommand(berry, true)).toEqual(['yarn', []])
  expect(packageManagerCommand(project('/app', { name: 'pnpm', lockfile: null, reason: '' }), true)).toEqual([
    'pnpm',
    [],
  ])
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
