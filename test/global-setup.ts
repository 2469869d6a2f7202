import { installedFixture } from './helpers/fixtures.js'

/**
 * Warms the installed-fixture cache in the background: the fast set, which installs nothing and
 * runs first (vitest.config.ts's sequencer), goes on meanwhile, and a heavy suite that needs a
 * fixture still being installed waits for it (installedFixture's lock). KIT_AUTH_PREINSTALL:
 * comma-separated fixture names; unset means the defaults below, empty means none. The first
 * installs alone (it compiles better-sqlite3 once for all), the rest side by side: an install waits
 * on the registry and the disk more than on the CPU. A failed install is not reported here: the
 * suite that needs the fixture installs it again and fails with the reason.
 */
export default function setup(): () => Promise<void> {
  const [first, ...rest] = (
    process.env.KIT_AUTH_PREINSTALL ?? 'default-npm,custom-dirs-at,older-start,existing-better-auth'
  )
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  const installs =
    first === undefined
      ? Promise.resolve()
      : installedFixture(first).then(() => Promise.all(rest.map((name) => installedFixture(name))))
  const settled = installs.then(
    () => undefined,
    (error: unknown) => {
      process.stderr.write(`[fixtures] a background install failed (the suite that needs it retries): ${error}\n`)
    },
  )
  // teardown: the run never ends with an install half done
  return () => settled
}
