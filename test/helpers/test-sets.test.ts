/**
 * The fast set stays fast: in it, every helper that installs, builds, or starts a server or a
 * browser refuses at once, naming the fix (vitest.config.ts, test/helpers/test-sets.ts).
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../e2e/helpers/browser.js'
import { inApp, startBuiltApp } from './app-server.js'
import { copyFixture, installedFixture } from './fixtures.js'
import { startPostgres, startRedis } from './servers.js'
import { copyFixture as copySources } from '../init/support.js'
import { runCli } from './cli.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const REFUSAL = /is heavy work, and this suite is in the fast set: name its file \*\.heavy\.test\.ts/

describe('the fast set', () => {
  it('runs with KIT_AUTH_TEST_SET=fast', () => {
    expect(process.env.KIT_AUTH_TEST_SET).toBe('fast')
  })

  it('refuses installed fixtures, app builds and servers, Chromium, PostgreSQL and Redis', async () => {
    await expect(installedFixture('default-npm')).rejects.toThrow(REFUSAL)
    await expect(copyFixture('default-npm', { installed: true })).rejects.toThrow(REFUSAL)
    expect(() => inApp('/nowhere', 'npx', ['vite', 'build'])).toThrow(REFUSAL)
    await expect(startBuiltApp('/nowhere')).rejects.toThrow(REFUSAL)
    await expect(launchChromium()).rejects.toThrow(REFUSAL)
    await expect(startPostgres()).rejects.toThrow(REFUSAL)
    await expect(startRedis()).rejects.toThrow(REFUSAL)
  })

  it('gives the CLI package managers that refuse: init without --no-install fails instead of installing', () => {
    const root = copySources('default-npm')
    copies.push(root)
    const result = runCli(['init', '--yes', '--cwd', root])
    expect(result.code).not.toBe(0)
    expect(`${result.stdout}\n${result.stderr}`).toContain(
      'npm install: a real install is heavy work, and this suite is in the fast set: name its file *.heavy.test.ts',
    )
  })
})
