/**
 * upgradeCookiesPlugin (init --upgrade-better-auth on an adopted 1.3 instance) on the case folders
 * of ./upgrade-cookies-plugin, through the shared harness.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { upgradeCookiesPlugin } from '../../../src/codemods/auth/upgrade-cookies-plugin.js'
import { runTransform } from '../../../src/codemods/transform.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'

describeCases('upgradeCookiesPlugin cases', {
  dir: fileURLToPath(new URL('./upgrade-cookies-plugin/', import.meta.url)),
  fileName: FILE,
  transform: upgradeCookiesPlugin,
  options: () => ({}),
  keeps: 'local',
  check(output, { input }) {
    // nothing of 1.3's plugin is left; the plugin is imported once from 1.4's module
    expect(output).not.toMatch(/\breactStartCookies\b.*from ["']better-auth\/react-start/)
    expect(output).not.toMatch(/\breactStartCookies\(/)
    if (input.includes('better-auth/react-start'))
      expect(
        output.match(/import \{[^}]*\btanstackStartCookies\b[^}]*\} from ["']better-auth\/tanstack-start["']/g),
      ).toHaveLength(1)
  },
})

describe('upgradeCookiesPlugin', () => {
  it('says what it rewrote, and nothing when there was nothing to rewrite', () => {
    const input =
      "import { reactStartCookies } from 'better-auth/react-start'\nexport const p = [reactStartCookies()]\n"
    expect(runTransform(input, FILE, upgradeCookiesPlugin, {})).toMatchObject({
      text: "import { tanstackStartCookies } from 'better-auth/tanstack-start'\nexport const p = [tanstackStartCookies()]\n",
      changes: ['reactStartCookies (better-auth/react-start) -> tanstackStartCookies (better-auth/tanstack-start)'],
    })
    const current = "import { tanstackStartCookies } from 'better-auth/tanstack-start'\n"
    expect(runTransform(current, FILE, upgradeCookiesPlugin, {})).toMatchObject({ changed: false, changes: [] })
  })
})
