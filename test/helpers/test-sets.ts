/**
 * The two test sets of vitest.config.ts. `fast` (`npm run test:fast`) is every `*.test.ts` but the
 * `*.heavy.test.ts` files, and runs with KIT_AUTH_TEST_SET=fast; `heavy` is the `*.heavy.test.ts`
 * files: whatever installs packages, builds an app, starts a server or a browser. `npm test` runs both.
 *
 * The helpers that do heavy work call `requireHeavySet` first, and the CLI run by a fast suite finds
 * package managers that refuse (`cliPath`), so a suite that needs them fails at once in the fast
 * set, naming the fix, instead of quietly making the inner loop slow.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const FIX = 'name its file *.heavy.test.ts (DEVELOPERS.md, "Test sets")'

export const inFastSet = () => process.env.KIT_AUTH_TEST_SET === 'fast'

export function requireHeavySet(what: string): void {
  if (inFastSet()) throw new Error(`${what} is heavy work, and this suite is in the fast set: ${FIX}`)
}

/** The package managers (and their runners) a fast suite's CLI must never start: they install. */
const INSTALLERS = ['npm', 'npx', 'pnpm', 'yarn', 'bun', 'corepack']
let refusing: string | undefined

/**
 * The PATH for a CLI run by a test: as is in the heavy set; in the fast set, with a folder first
 * whose npm, pnpm, yarn, bun... only print why they refuse and exit 1 (so `init` without
 * `--no-install` fails, quoting that line, instead of installing).
 */
export function cliPath(current: string | undefined): string | undefined {
  if (!inFastSet()) return current
  if (!refusing) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-fast-set-'))
    for (const name of INSTALLERS) {
      // sh: inside double quotes only $* expands (to the arguments); the message's own quotes are escaped
      const message = `${name} $*: a real install is heavy work, and this suite is in the fast set: ${FIX}`
      writeFileSync(path.join(dir, name), `#!/bin/sh\necho "${message.replaceAll('"', '\\"')}" >&2\nexit 1\n`)
      chmodSync(path.join(dir, name), 0o755)
    }
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    refusing = dir
  }
  return [refusing, current].filter(Boolean).join(path.delimiter)
}
