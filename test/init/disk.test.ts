/**
 * What kit-auth writes to disk (issue 13, item 9): the env file holding the secret is the owner's
 * only, an existing file keeps its mode, and no write follows a symlink out of the app (or its
 * workspace) or lands in node_modules: refused with the reason before anything is written.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ChangeSet } from '../../src/core/change-set.js'
import { commitChanges } from '../../src/core/commit.js'
import { KitError } from '../../src/core/errors.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'
import { copyFixture, init } from './support.js'

const YES = ['--yes', '--no-install']
const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function app(): string {
  const root = copyFixture('default-npm')
  temps.push(root)
  return root
}

const modeOf = (file: string) => statSync(file).mode & 0o777

describe('the env file holding BETTER_AUTH_SECRET', () => {
  it('is created readable by its owner only (0600)', () => {
    const root = app()
    const { code, stderr } = init(root, YES)
    expect(code, stderr).toBe(0)
    expect(modeOf(path.join(root, '.env.local')).toString(8)).toBe('600')
    // other new files keep the usual mode
    expect(modeOf(path.join(root, 'src/lib/auth/auth.ts')) & 0o044).not.toBe(0)
  })

  it.each([
    ['0644', 0o644],
    ['0600', 0o600],
    ['0640', 0o640],
  ])('an existing one keeps its mode (%s)', (_label, mode) => {
    const root = app()
    const env = path.join(root, '.env.local')
    writeFileSync(env, 'PORT=3000\n')
    chmodSync(env, mode)
    const { code, stderr } = init(root, YES)
    expect(code, stderr).toBe(0)
    expect(modeOf(env)).toBe(mode)
  })
})

describe('writes stay inside the app, never through a symlink out of it, never into node_modules', () => {
  it('src/lib linked to a folder outside the app: init refuses, naming the link, and nothing changes', () => {
    const root = app()
    const outside = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-outside-'))
    temps.push(outside)
    writeFileSync(path.join(outside, 'keep.ts'), 'export {}\n')
    symlinkSync(outside, path.join(root, 'src/lib'), 'dir')
    const before = snapshotTree(root)
    const { code, stderr } = init(root, YES)
    expect(code).toBe(1)
    const lines = stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(
      /^✖ src\/lib\/auth\/\S+ would be written to \S+, outside \S+ \(src\/lib is a symlink\); nothing was written\.$/,
    )
    expect(lines[1]).toContain('kit-auth writes only inside')
    expect(snapshotTree(root)).toEqual(before)
    expect(snapshotTree(outside)).toEqual({ 'keep.ts': 'export {}\n' })
  })

  it('src/lib linked into node_modules (inside the app): refused, nothing changes', () => {
    const root = app()
    mkdirSync(path.join(root, 'node_modules/shared-lib'), { recursive: true })
    symlinkSync(path.join(root, 'node_modules/shared-lib'), path.join(root, 'src/lib'), 'dir')
    const before = snapshotTree(root)
    const { code, stderr } = init(root, YES)
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /^✖ src\/lib\/auth\/\S+ would be written to \S+, inside node_modules; nothing was written\.\n/,
    )
    expect(snapshotTree(root)).toEqual(before)
    expect(snapshotTree(path.join(root, 'node_modules/shared-lib'))).toEqual({})
  })

  it('a planned path under node_modules is refused by the commit itself', () => {
    const root = makeTree({ 'package.json': '{}\n' })
    temps.push(root)
    const changes = new ChangeSet(root)
    changes.create('src/a.ts', 'export {}\n')
    changes.create('node_modules/pkg/index.ts', 'export {}\n')
    expect(() => commitChanges(changes)).toThrow(KitError)
    expect(() => commitChanges(changes)).toThrow(
      /^node_modules\/pkg\/index\.ts would be written to .*inside node_modules/,
    )
    expect(snapshotTree(root)).toEqual({ 'package.json': '{}\n' })
  })

  it('a symlink that stays inside the app is followed', () => {
    const root = makeTree({ 'shared/keep.ts': 'export {}\n' })
    temps.push(root)
    symlinkSync(path.join(root, 'shared'), path.join(root, 'lib'), 'dir')
    const changes = new ChangeSet(root)
    changes.create('lib/auth.ts', 'export const auth = 1\n')
    commitChanges(changes)
    expect(snapshotTree(path.join(root, 'shared'))).toEqual({
      'auth.ts': 'export const auth = 1\n',
      'keep.ts': 'export {}\n',
    })
  })
})
