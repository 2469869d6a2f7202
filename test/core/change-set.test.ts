import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ChangeSet } from '../../src/core/change-set.js'
import { commitChanges } from '../../src/core/commit.js'
import { KitError } from '../../src/core/errors.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'

describe('ChangeSet', () => {
  it('records nothing when the written content equals the disk', () => {
    const root = makeTree({ 'src/a.ts': 'export const a = 1\n' })
    const changes = new ChangeSet(root)
    changes.update('src/a.ts', 'export const a = 1\n')
    expect(changes.changes()).toEqual([])
    expect(changes.isEmpty()).toBe(true)
  })

  it('reports an identical create as unchanged, a new file as create, an edit as update', () => {
    const root = makeTree({ 'a.ts': 'a\n', 'b.ts': 'b\n' })
    const changes = new ChangeSet(root)
    changes.create('a.ts', 'a\n')
    changes.create('c.ts', 'c\n')
    changes.update('b.ts', 'b2\n')
    expect(changes.changes().map(({ path, action }) => [path, action])).toEqual([
      ['a.ts', 'unchanged'],
      ['c.ts', 'create'],
      ['b.ts', 'update'],
    ])
    expect(changes.isEmpty()).toBe(false)
  })

  it('reads through: planned content first, then the disk', () => {
    const root = makeTree({ 'a.ts': 'disk\n' })
    const changes = new ChangeSet(root)
    expect(changes.read('a.ts')).toBe('disk\n')
    changes.update('a.ts', 'planned\n')
    expect(changes.read('a.ts')).toBe('planned\n')
    expect(changes.read('missing.ts')).toBeNull()
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('disk\n')
  })

  it('marks a create over a different existing file as a conflict', () => {
    const root = makeTree({ 'a.ts': 'mine\n' })
    const changes = new ChangeSet(root)
    changes.create('a.ts', 'theirs\n')
    expect(changes.changes()[0]).toMatchObject({ path: 'a.ts', action: 'conflict' })
  })

  it('refuses paths outside the project', () => {
    const changes = new ChangeSet(makeTree({}))
    expect(() => changes.create('../x.ts', '')).toThrow(/inside the project/)
  })

  it('refuses to edit a JS/TS file that does not parse, naming file, line and the message; records nothing', () => {
    const broken = "export const Route = createFileRoute('/x')({\n  component: Page,\n"
    const root = makeTree({ 'src/routes/x.tsx': broken, 'src/a.js': 'const = 1\n', 'notes.md': 'const = 1\n' })
    const changes = new ChangeSet(root)
    let error: unknown
    try {
      changes.update('src/routes/x.tsx', `${broken}})\n`)
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).message).toBe("src/routes/x.tsx:3:1 does not parse: '}' expected.")
    expect((error as KitError).hint).toContain('Fix the syntax error')
    expect(() => changes.update('src/a.js', 'const a = 1\n')).toThrow(/^src\/a\.js:1:7 does not parse: /)
    expect(changes.changes()).toEqual([])
    // only code is checked, and a file kit-auth planned itself is never re-checked
    changes.update('notes.md', 'fine\n')
    changes.create('src/new.ts', 'export const a = 1\n')
    changes.update('src/new.ts', 'export const a = 2\n')
    expect(changes.changes().map(({ path }) => path)).toEqual(['notes.md', 'src/new.ts'])
  })
})

describe('ChangeSet.inMemory', () => {
  it('reads the tree, never the disk: a file only on disk is missing', () => {
    const root = makeTree({ 'a.ts': 'disk\n', 'disk-only.ts': 'x\n' })
    const changes = ChangeSet.inMemory(root, { 'a.ts': 'memory\n', 'src/b.ts': 'b\n' })
    expect(changes.read('a.ts')).toBe('memory\n')
    expect(changes.read('./src/b.ts')).toBe('b\n')
    expect(changes.read('disk-only.ts')).toBeNull()
    expect(changes.exists('disk-only.ts')).toBe(false)
  })

  it('plans against the tree: unchanged, create, update and conflict as over the disk', () => {
    const changes = ChangeSet.inMemory(
      '/nowhere/app',
      new Map([
        ['a.ts', 'a\n'],
        ['b.ts', 'b\n'],
        ['c.ts', 'c\n'],
      ]),
    )
    changes.create('a.ts', 'a\n')
    changes.create('b.ts', 'other\n')
    changes.update('c.ts', 'c2\n')
    changes.update('a.ts', 'a\n')
    changes.create('d.ts', 'd\n')
    expect(changes.changes().map(({ path, action, before }) => [path, action, before])).toEqual([
      ['a.ts', 'unchanged', 'a\n'],
      ['b.ts', 'conflict', 'b\n'],
      ['c.ts', 'update', 'c\n'],
      ['d.ts', 'create', null],
    ])
    expect(changes.read('c.ts')).toBe('c2\n')
  })

  it('reaches the outer root with ../ paths, and no further', () => {
    const changes = ChangeSet.inMemory(
      '/repo/apps/web',
      { 'package.json': 'app\n', '../../package.json': 'root\n' },
      '/repo',
    )
    expect(changes.read('../../package.json')).toBe('root\n')
    expect(() => changes.read('../../../x')).toThrow(/inside the project/)
    expect(() => ChangeSet.inMemory('/app', { '../x': '' })).toThrow(/inside the project/)
  })

  it('commits only where the disk still equals the tree', () => {
    const root = makeTree({ 'a.ts': 'disk\n' })
    const stale = ChangeSet.inMemory(root, { 'a.ts': 'memory\n' })
    stale.update('a.ts', 'planned\n')
    expect(() => commitChanges(stale)).toThrow(/changed on disk/)
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('disk\n')
    const same = ChangeSet.inMemory(root, { 'a.ts': 'disk\n' })
    same.update('a.ts', 'planned\n')
    commitChanges(same)
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('planned\n')
  })
})

describe('commitChanges', () => {
  it('writes creates and updates, making folders', () => {
    const root = makeTree({ 'a.ts': 'a\n' })
    const changes = new ChangeSet(root)
    changes.update('a.ts', 'a2\n')
    changes.create('src/lib/auth/auth.ts', 'auth\n')
    commitChanges(changes)
    expect(snapshotTree(root)).toEqual({
      'a.ts': 'a2\n',
      src: '<dir>',
      'src/lib': '<dir>',
      'src/lib/auth': '<dir>',
      'src/lib/auth/auth.ts': 'auth\n',
    })
  })

  it('refuses conflicts unless forced, writing nothing', () => {
    const root = makeTree({ 'a.ts': 'mine\n' })
    const changes = new ChangeSet(root)
    changes.create('new.ts', 'new\n')
    changes.create('a.ts', 'theirs\n')
    const before = snapshotTree(root)
    expect(() => commitChanges(changes)).toThrow(KitError)
    expect(snapshotTree(root)).toEqual(before)
    commitChanges(changes, { force: true })
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('theirs\n')
  })

  it('refuses a plan whose file changed on disk after it was read', () => {
    const root = makeTree({ 'a.ts': 'a\n' })
    const changes = new ChangeSet(root)
    changes.update('a.ts', `${changes.read('a.ts')}more\n`)
    writeFileSync(path.join(root, 'a.ts'), 'edited meanwhile\n')
    expect(() => commitChanges(changes)).toThrow(/changed on disk/)
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('edited meanwhile\n')
  })

  it('refuses a create when the file appeared on disk after planning', () => {
    const root = makeTree({})
    const changes = new ChangeSet(root)
    changes.create('a.ts', 'a\n')
    writeFileSync(path.join(root, 'a.ts'), 'someone else\n')
    expect(() => commitChanges(changes)).toThrow(/changed on disk/)
  })

  it('restores every file when a rename fails after others were written', () => {
    const root = makeTree({ 'a.ts': 'a\n', 'b.ts': 'b\n' })
    const before = snapshotTree(root)
    const changes = new ChangeSet(root)
    changes.update('a.ts', 'a2\n')
    changes.create('new/dir/c.ts', 'c\n')
    changes.update('b.ts', 'b2\n')
    let renames = 0
    const error = (() => {
      try {
        commitChanges(changes, {
          beforeRename: (file) => {
            renames++
            if (file === 'b.ts') throw new Error('disk full')
          },
        })
      } catch (caught) {
        return caught
      }
    })()
    expect(renames).toBe(3)
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).message).toMatch(/b\.ts.*disk full.*nothing was changed/)
    expect(snapshotTree(root)).toEqual(before)
  })

  it('changes nothing when a folder it needs is a file (src/lib is a file)', () => {
    const root = makeTree({ 'a.ts': 'a\n', 'src/lib': 'not a folder\n' })
    const before = snapshotTree(root)
    const changes = new ChangeSet(root)
    changes.update('a.ts', 'a2\n')
    changes.create('src/new/x.ts', 'x\n')
    changes.create('src/lib/auth/auth.ts', 'auth\n')
    expect(() => commitChanges(changes)).toThrow(/src\/lib\/auth\/auth\.ts.*nothing was changed/)
    expect(snapshotTree(root)).toEqual(before)
  })

  it('keeps the mode of an updated file', async () => {
    const { chmodSync, statSync } = await import('node:fs')
    const root = makeTree({ 'run.sh': '#!/bin/sh\n' })
    chmodSync(path.join(root, 'run.sh'), 0o755)
    const changes = new ChangeSet(root)
    changes.update('run.sh', '#!/bin/sh\necho hi\n')
    commitChanges(changes)
    expect(statSync(path.join(root, 'run.sh')).mode & 0o777).toBe(0o755)
  })
})
