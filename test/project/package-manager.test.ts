import path from 'node:path'
import { expect, test } from 'vitest'
import { detectPackageManager, lockfileOf, managerFromField } from '../../src/project/package-manager.js'
import { makeTree, touch } from './helpers.js'

test('the packageManager field wins over lockfiles', async () => {
  const root = await makeTree({ 'package-lock.json': '{}' })
  expect(await detectPackageManager(root, { packageManager: 'pnpm@10.34.9+sha512.abc' })).toEqual({
    name: 'pnpm',
    lockfile: null,
    reason: 'package.json "packageManager" is pnpm@10.34.9+sha512.abc',
  })
})

test('an unknown packageManager falls through to the lockfile', async () => {
  const root = await makeTree({ 'yarn.lock': '' })
  expect(await detectPackageManager(root, { packageManager: 'deno@2.0.0' })).toEqual({ name: 'yarn', lockfile: 'yarn.lock', reason: 'found yarn.lock' })
})

test('two lockfiles: the most recently modified one', async () => {
  const root = await makeTree({ 'package-lock.json': '{}', 'bun.lock': '{}' })
  await touch(path.join(root, 'bun.lock'), 1_000_000)
  await touch(path.join(root, 'package-lock.json'), 2_000_000)
  expect(await detectPackageManager(root, {})).toEqual({
    name: 'npm',
    lockfile: 'package-lock.json',
    reason: 'found bun.lock and package-lock.json; picked package-lock.json, the most recently modified',
  })
  await touch(path.join(root, 'bun.lock'), 3_000_000)
  expect((await detectPackageManager(root, {})).name).toBe('bun')
})

test('no lockfile: pnpm for a pnpm-workspace.yaml, else npm', async () => {
  expect(await detectPackageManager(await makeTree({ 'pnpm-workspace.yaml': 'packages: []' }), null)).toEqual({
    name: 'pnpm',
    lockfile: null,
    reason: 'no lockfile found; pnpm-workspace.yaml means pnpm',
  })
  expect(await detectPackageManager(await makeTree({}), null)).toEqual({ name: 'npm', lockfile: null, reason: 'no lockfile found; defaulting to npm' })
})

test('lockfileOf and managerFromField', async () => {
  const root = await makeTree({ 'bun.lockb': '' })
  expect(await lockfileOf(root, 'bun')).toBe('bun.lockb')
  expect(await lockfileOf(root, 'npm')).toBeNull()
  expect(managerFromField('yarn@4.5.0')).toBe('yarn')
  expect(managerFromField(undefined)).toBeUndefined()
})
