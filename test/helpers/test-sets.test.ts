/**
 * The fast set stays fast: in it, every helper that installs, builds, or starts a server or a
 * browser refuses at once, naming the fix (vitest.config.ts, test/helpers/test-sets.ts).
 */
import { describe, expect, it } from 'vitest'
import { launchChromium } from '../e2e/helpers/browser.js'
import { inApp, startBuiltApp } from './app-server.js'
import { copyFixture, installedFixture } from './fixtures.js'
import { startPostgres, startRedis } from './servers.js'

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
})
