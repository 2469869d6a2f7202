/**
 * lockout.ts (templates/init/lib/auth/lockout.ts.hbs) against real better-auth releases, in the two
 * setups the end-to-end suite does not serve: sessions cached in a cookie (`session.cookieCache`)
 * and sessions in secondary storage. In both, a user deactivated or banned by a direct database
 * write must lose get-session (twice: no cached copy), change-password, a new sign-in and the
 * server-side getSession, on the very next request. And one account's password gets ten guesses
 * per window, however the guesses spread over client addresses (rate limiting is off here).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, symlink, writeFile, copyFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ts } from 'ts-morph'
import { installedFixture } from '../helpers/fixtures.js'

const TEMPLATE = fileURLToPath(new URL('../../templates/init/lib/auth/lockout.ts.hbs', import.meta.url))
const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url))
/** `default`: the release init installs (fixtures' EXTRA_DEPS). */
const RELEASES = ['default', '1.3.34', '1.6.34'] as const
const folders: string[] = []

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true })
})

/** A folder whose node_modules is the installed fixture's, holding the transpiled lockout.ts and the probe. */
async function probeFolder(release: string | undefined): Promise<string> {
  const app = await installedFixture('default-npm', release ? { betterAuth: release } : {})
  const folder = await mkdtemp(path.join(os.tmpdir(), 'kit-auth-lockout-'))
  folders.push(folder)
  await symlink(path.join(app, 'node_modules'), path.join(folder, 'node_modules'))
  await writeFile(path.join(folder, 'package.json'), '{ "type": "module" }\n')
  const source = await readFile(TEMPLATE, 'utf8')
  expect(source).not.toContain('{{') // no template variables: the file is the same for every app
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText
  await writeFile(path.join(folder, 'lockout.mjs'), js)
  await copyFile(PROBE, path.join(folder, 'probe.mjs'))
  return folder
}

describe.each(RELEASES)('lockout.ts on better-auth %s', (release) => {
  describe.each(['cookie-cache', 'secondary-storage'])('with %s', (mode) => {
    it('ten failed sign-ins lock the account; a deactivated or banned user loses get-session, change-password, sign-in, getSession', async () => {
      const folder = await probeFolder(release === 'default' ? undefined : release)
      const { stdout } = await promisify(execFile)(process.execPath, ['probe.mjs', mode], {
        cwd: folder,
        env: { ...process.env, NODE_ENV: 'production' },
      })
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!)
      const { burstWrong, burstRefused, ...failures } = result.failures
      expect(failures).toEqual({
        wrong: Array(10).fill(401),
        rightPasswordAfter: 429, // the 11th try on that account, even with the right password
        otherAccount: 200,
        resets: 2, // a sign-in clears the count
        resetRefused: 0,
      })
      // 30 parallel guesses: at most ten are tried (how many depends on how the inserts interleave).
      // Not with secondary storage: a get/set counter there (README says so).
      if (mode === 'cookie-cache') expect(burstWrong).toBeLessThanOrEqual(10)
      expect(burstWrong + burstRefused).toBe(30)
      for (const who of ['deactivated', 'banned'] as const) {
        const seen = result[who]
        expect(seen.signedUp, who).toBe(200)
        expect(seen.before, who).toBe(true)
        expect(seen.getSession, who).toEqual([false, false])
        expect(seen.changePassword, who).toBe(401)
        expect(seen.updateUser, who).toBe(401) // it trusts a cookie cache; the revoked session must not
        expect(seen.renamed, who).toBe(false)
        expect(seen.signIn, who).toBe(403)
        expect(['error 401', null], who).toContain(seen.server)
      }
    }, 300_000)
  })
})
