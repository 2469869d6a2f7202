import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { copyFixture, FIXTURES_DIR, installedFixture } from './fixtures.js'

// global-setup.ts normally warms default-npm; the long timeout only matters when it did not.
const INSTALL_TIMEOUT = 600_000

describe('installed fixtures', () => {
  const copies: string[] = []
  afterAll(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true })
  })

  it(
    'installs the fixture plus the auth deps, keeping its manifests byte-identical',
    { timeout: INSTALL_TIMEOUT },
    async () => {
      const cache = await installedFixture('default-npm')
      expect(existsSync(path.join(cache, 'node_modules/@tanstack/react-start/package.json'))).toBe(true)
      expect(existsSync(path.join(cache, 'node_modules/better-auth/package.json'))).toBe(true)
      expect(existsSync(path.join(cache, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true)
      for (const file of ['package.json', 'package-lock.json']) {
        expect(
          readFileSync(path.join(cache, file)).equals(readFileSync(path.join(FIXTURES_DIR, 'default-npm', file))),
          file,
        ).toBe(true)
      }
    },
  )

  it('returns the cached install at once on later calls', { timeout: INSTALL_TIMEOUT }, async () => {
    const first = await installedFixture('default-npm')
    const started = Date.now()
    expect(await installedFixture('default-npm')).toBe(first)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it(
    'copies the install into an independent temp folder where better-sqlite3 loads',
    { timeout: INSTALL_TIMEOUT },
    async () => {
      const cache = await installedFixture('default-npm')
      const copy = await copyFixture('default-npm', { installed: true })
      copies.push(copy)

      expect(path.basename(copy)).toMatch(/^kit-auth-default-npm-/)
      expect(existsSync(path.join(copy, '.ready'))).toBe(false)
      expect(lstatSync(path.join(copy, 'node_modules')).isSymbolicLink()).toBe(false)
      const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'
      expect(statSync(path.join(copy, binary)).ino).not.toBe(statSync(path.join(cache, binary)).ino) // not hardlinked

      writeFileSync(path.join(copy, 'node_modules/better-sqlite3/written-by-test'), 'x')
      expect(existsSync(path.join(cache, 'node_modules/better-sqlite3/written-by-test'))).toBe(false)

      const script =
        "const db = require('better-sqlite3')(':memory:'); console.log(db.prepare('select 41 + 1 as n').get().n)"
      expect(execFileSync(process.execPath, ['-e', script], { cwd: copy, encoding: 'utf8' }).trim()).toBe('42')
    },
  )

  it('copies only the sources without `installed`', async () => {
    const copy = await copyFixture('default-npm')
    copies.push(copy)
    expect(existsSync(path.join(copy, 'package-lock.json'))).toBe(true)
    expect(existsSync(path.join(copy, 'node_modules'))).toBe(false)
  })
})
