import { installedFixture } from './helpers/fixtures.js'

/**
 * Warms the installed-fixture cache before any test starts, so test timeouts never include an
 * install. KIT_AUTH_PREINSTALL: comma-separated fixture names; unset means the defaults below,
 * empty means none. The first installs alone (it compiles better-sqlite3 once for all), the rest
 * side by side: an install waits on the registry and the disk more than on the CPU.
 */
export default async function setup(): Promise<void> {
  const [first, ...rest] = (process.env.KIT_AUTH_PREINSTALL ?? 'default-npm,custom-dirs-at,older-start,existing-better-auth')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  if (first === undefined) return
  await installedFixture(first)
  await Promise.all(rest.map((name) => installedFixture(name)))
}
