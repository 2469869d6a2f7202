import { installedFixture } from './helpers/fixtures.js'

/**
 * Warms the installed-fixture cache before any test starts, so test timeouts never include an
 * install. KIT_AUTH_PREINSTALL: comma-separated fixture names; unset means the defaults below,
 * empty means none.
 */
export default async function setup(): Promise<void> {
  const names = (process.env.KIT_AUTH_PREINSTALL ?? 'default-npm,custom-dirs-at,older-start,existing-better-auth')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  for (const name of names) await installedFixture(name)
}
