/**
 * `kit-auth doctor` on a freshly initialized app: every check passes; then each check fails after
 * breaking the one thing it looks at (and only that check fails), with the exit code its severity
 * gives. The database check needs installed dependencies: here it says why it was skipped.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyApp, initApp } from '../add-guard/support.js'
import { runCli } from '../helpers/cli.js'
import { snapshotTree } from '../helpers/tree.js'

interface Check {
  id: string
  severity: 'error' | 'warning'
  ok: boolean
  message: string
  fix: string
}

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

let fresh: string
beforeAll(() => {
  fresh = initApp()
  copies.push(fresh)
})

function doctor(app: string, flags: string[] = ['--json']): { code: number; checks: Check[]; stdout: string } {
  const result = runCli(['doctor', '--cwd', app, ...flags])
  const checks = flags.includes('--json') ? (JSON.parse(result.stdout) as { checks: Check[] }).checks : []
  return { code: result.code, checks, stdout: result.stdout }
}

/** A copy of the fresh app with one file edited. */
function broken(file: string, edit: (text: string) => string): string {
  const app = copyApp(fresh)
  copies.push(app)
  const full = path.join(app, file)
  const before = existsSync(full) ? readFileSync(full, 'utf8') : ''
  const after = edit(before)
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before)
  writeFileSync(full, after)
  return app
}

const IDS = [
  'secret',
  'base-url',
  'trusted-origins',
  'env-ignored',
  'database',
  'cookies-plugin-last',
  'csrf',
  'guard-imports',
  'cookie-cache',
  'rate-limit-ip',
  'api-token-expiry',
  'redis-url',
]

describe('a freshly initialized app', () => {
  it('passes every check, exit 0, and doctor changes nothing', () => {
    const before = snapshotTree(fresh)
    const { code, checks } = doctor(fresh)
    expect(code).toBe(0)
    expect(checks.map((check) => check.id)).toEqual(IDS)
    for (const check of checks) {
      expect(Object.keys(check)).toEqual(['id', 'severity', 'ok', 'message', 'fix'])
      expect(check.ok, `${check.id}: ${check.message}`).toBe(true)
      expect(check.fix).toBe('')
    }
    expect(snapshotTree(fresh)).toEqual(before)
  })

  it('skips the database check without installed dependencies, and says so', () => {
    const database = (app: string, flags: string[]) => doctor(app, flags).checks.find((c) => c.id === 'database')!
    expect(database(fresh, ['--json']).message).toMatch(/^Skipped: dependencies are not installed: run `npm install`/)
    expect(database(fresh, ['--json', '--no-install']).message).toMatch(/^Skipped: --no-install/)
  })

  it('does not load an instance that imports cloudflare:workers for the database check, and says how to migrate', () => {
    const app = broken('src/lib/auth/auth.ts', (text) => `import { env } from 'cloudflare:workers'\nvoid env\n${text}`)
    const check = doctor(app).checks.find((c) => c.id === 'database')!
    expect(check.ok).toBe(true)
    expect(check.message).toMatch(
      /^Skipped: apply the auth tables yourself: your instance loads cloudflare:workers \(through src\/lib\/auth\/auth\.ts\)/,
    )
  })

  it('prints one line a check, and the fix under a failing one', () => {
    const app = broken('.env.local', (text) => text.replace(/^BETTER_AUTH_SECRET=.*$/m, 'BETTER_AUTH_SECRET=short'))
    const { code, stdout } = doctor(app, [])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^✖ secret +BETTER_AUTH_SECRET is 5 characters/m)
    expect(stdout).toMatch(/^ +fix: Set BETTER_AUTH_SECRET in \.env\.local to a fresh random value/m)
    expect(stdout).toMatch(/^✔ csrf +src\/start\.ts lists csrfMiddleware/m)
    expect(stdout).toMatch(/1 error, 0 warnings\.$/m)
  })
})

function secretOf(app: string): string | undefined {
  return /^BETTER_AUTH_SECRET=(.*)$/m.exec(readFileSync(path.join(app, '.env.local'), 'utf8'))?.[1]
}

/** Each breakage and the one check it must fail, with the check's message. */
const BREAKAGES: {
  id: string
  severity: 'error' | 'warning'
  message: RegExp
  file: string
  edit: (t: string) => string
}[] = [
  {
    id: 'secret',
    severity: 'error',
    message: /BETTER_AUTH_SECRET is not set/,
    file: '.env.local',
    edit: (text) => text.replace(/^BETTER_AUTH_SECRET=.*\n/m, ''),
  },
  {
    id: 'secret',
    severity: 'error',
    message: /same as in \.env\.example, which is committed/,
    // a committed example holding the app's own secret (the copies share the fresh app's)
    file: '.env.example',
    edit: () => `BETTER_AUTH_SECRET=${secretOf(fresh)}\n`,
  },
  {
    id: 'base-url',
    severity: 'error',
    message: /BETTER_AUTH_URL is not set/,
    file: '.env.local',
    edit: (text) => text.replace(/^BETTER_AUTH_URL=.*\n/m, ''),
  },
  {
    id: 'base-url',
    severity: 'error',
    message: /dev server listens on port 3000/,
    file: '.env.local',
    edit: (text) => text.replace('http://localhost:3000', 'http://localhost:5173'),
  },
  {
    id: 'trusted-origins',
    severity: 'warning',
    message: /not origins: https:\/\/app\.example\.com\/login, \*/,
    file: '.env.local',
    edit: (text) => `${text}BETTER_AUTH_TRUSTED_ORIGINS=https://ok.example.com, https://app.example.com/login, *\n`,
  },
  {
    id: 'env-ignored',
    severity: 'error',
    message: /\.env\.local holds BETTER_AUTH_SECRET and is not git-ignored/,
    file: '.gitignore',
    edit: (text) => text.replace(/^\*\.local\n/m, ''),
  },
  {
    id: 'cookies-plugin-last',
    severity: 'error',
    message: /tanstackStartCookies\(\) is not the last plugin/,
    file: 'src/lib/auth/auth.ts',
    edit: (text) =>
      text
        .replace('    admin(),\n', '')
        .replace('tanstackStartCookies(),\n', 'tanstackStartCookies(),\n    admin(),\n'),
  },
  {
    // the plugins array handed through a function: its order cannot be read, which is no proof it is wrong
    id: 'cookies-plugin-last',
    severity: 'warning',
    message: /^Could not read the plugins of the betterAuth\(\{\.\.\.\}\) instance in src\/lib\/auth\/auth\.ts/,
    file: 'src/lib/auth/auth.ts',
    edit: (text) =>
      text
        .replace(/\n {2}plugins: \[([\s\S]*?)\n {2}\],/, '\n  plugins: withDefaults([$1\n  ]),')
        .replace('// Server only', 'const withDefaults = (plugins: unknown[]) => plugins as never\n\n// Server only'),
  },
  {
    id: 'cookies-plugin-last',
    severity: 'error',
    message: /tanstackStartCookies\(\) is not the last plugin/,
    file: 'src/lib/auth/auth.ts',
    edit: (text) =>
      text
        .replace('    admin(),\n', '')
        .replace('tanstackStartCookies(),\n', 'tanstackStartCookies(),\n    admin(),\n'),
  },
  {
    // listed in a same-file array the plugins spread, with plugins after it: read through the spread, as init does
    id: 'cookies-plugin-last',
    severity: 'error',
    message: /tanstackStartCookies\(\) is not the last plugin/,
    file: 'src/lib/auth/auth.ts',
    edit: (text) =>
      text
        .replace(/\n\s*\/\/ Must stay last[^\n]*\n {4}tanstackStartCookies\(\),/, '')
        .replace('  plugins: [\n', '  plugins: [\n    ...basePlugins,\n')
        .replace('// Server only', 'const basePlugins = [tanstackStartCookies()]\n\n// Server only'),
  },
  {
    // held in a const (`const cookies = tanstackStartCookies() as BetterAuthPlugin`): read through it, as init does
    id: 'cookies-plugin-last',
    severity: 'error',
    message: /tanstackStartCookies\(\) is not the last plugin/,
    file: 'src/lib/auth/auth.ts',
    edit: (text) =>
      text
        .replace(/\n\s*\/\/ Must stay last[^\n]*\n {4}tanstackStartCookies\(\),/, '')
        .replace('  plugins: [\n', '  plugins: [\n    cookies,\n')
        .replace(
          '// Server only',
          'const cookies = tanstackStartCookies() as ReturnType<typeof tanstackStartCookies>\n\n// Server only',
        ),
  },
  {
    id: 'csrf',
    severity: 'error',
    message: /lists no CSRF middleware/,
    file: 'src/start.ts',
    edit: (text) => text.replace('[securityHeadersMiddleware, csrfMiddleware]', '[securityHeadersMiddleware]'),
  },
  {
    id: 'guard-imports',
    severity: 'error',
    message: /does not export what src\/routes\/_authenticated\/route\.tsx \(requireAuth\) imports/,
    file: 'src/lib/auth/guards.ts',
    edit: (text) => text.replace('export async function requireAuth(', 'export async function requireSignedIn('),
  },
  {
    id: 'cookie-cache',
    severity: 'warning',
    message: /session\.cookieCache is on in src\/lib\/auth\/auth\.ts, and kit-auth's deactivation check is not wired/,
    file: 'src/lib/auth/auth.ts',
    edit: (text) =>
      text
        .replace('    accountLockout(),\n', '')
        .replace(
          '  emailAndPassword:',
          '  session: { cookieCache: { enabled: true, maxAge: 300 } },\n  emailAndPassword:',
        ),
  },
  {
    id: 'rate-limit-ip',
    severity: 'warning',
    message: /names no trusted client-IP source .*X-Forwarded-For header, which any client can forge/,
    file: 'src/lib/auth/auth.ts',
    edit: (text) => text.replace(/ {4}ipAddress: \{ ipAddressHeaders: \['x-kit-auth-client-ip'\] \},\n/, ''),
  },
  {
    // kit-auth's Redis module without REDIS_URL
    id: 'redis-url',
    severity: 'warning',
    message: /src\/lib\/auth\/redis\.ts is set up, but REDIS_URL is not set/,
    file: 'src/lib/auth/redis.ts',
    edit: () => "export const REDIS_KEY_PREFIX = 'kit-auth:'\n",
  },
  {
    id: 'rate-limit-ip',
    severity: 'warning',
    message: /passes the raw request to auth\.handler/,
    file: 'src/routes/api/auth/$.ts',
    edit: (text) => text.replaceAll('auth.handler(await withClientIp(request))', 'auth.handler(request)'),
  },
]

describe('what a check must not fail on', () => {
  it('takes BETTER_AUTH_SECRET from the process environment (CI, production) over the env files, and names it', () => {
    const app = broken('.env.local', (text) => text.replace(/^BETTER_AUTH_SECRET=.*\n/m, ''))
    const secret = randomBytes(32).toString('hex')
    const result = runCli(['doctor', '--json', '--cwd', app], { env: { BETTER_AUTH_SECRET: secret } })
    const checks = (JSON.parse(result.stdout) as { checks: Check[] }).checks
    expect(checks.filter((check) => !check.ok)).toEqual([])
    expect(checks.find((check) => check.id === 'secret')?.message).toBe('BETTER_AUTH_SECRET is set (process.env).')
    expect(result.code).toBe(0)
  })

  it('passes an env file that is not git-ignored but holds no secret (a committed .env.development)', () => {
    const app = broken('.env.development', () => 'VITE_APP_NAME=demo\n')
    // nothing in .gitignore covers it
    expect(readFileSync(path.join(app, '.gitignore'), 'utf8')).not.toMatch(/^\.env(?:\.development|\*|\.\*)$/m)
    const { code, checks } = doctor(app)
    expect(checks.filter((check) => !check.ok)).toEqual([])
    expect(checks.find((check) => check.id === 'env-ignored')?.message).toBe(
      '.env.local (holding BETTER_AUTH_SECRET) git-ignored.',
    )
    expect(code).toBe(0)
  })

  it('reads the cookies plugin through a same-file array the plugins spread last (`...tail`)', () => {
    const app = broken('src/lib/auth/auth.ts', (text) =>
      text
        .replace(/\n\s*\/\/ Must stay last[^\n]*\n {4}tanstackStartCookies\(\),/, '\n    ...tail,')
        .replace('// Server only', 'const tail = [tanstackStartCookies()]\n\n// Server only'),
    )
    expect(readFileSync(path.join(app, 'src/lib/auth/auth.ts'), 'utf8')).toContain('    ...tail,\n  ],')
    const { code, checks } = doctor(app)
    expect(checks.filter((check) => !check.ok)).toEqual([])
    expect(checks.find((check) => check.id === 'cookies-plugin-last')?.message).toBe(
      'tanstackStartCookies() is the last plugin in src/lib/auth/auth.ts.',
    )
    expect(code).toBe(0)
  })

  it('reads the cookies plugin by its imported name (`tanstackStartCookies as cookies`)', () => {
    const app = broken('src/lib/auth/auth.ts', (text) =>
      text
        .replace('{ tanstackStartCookies }', '{ tanstackStartCookies as cookies }')
        .replace('tanstackStartCookies(),', 'cookies(),'),
    )
    const { code, checks } = doctor(app)
    expect(checks.filter((check) => !check.ok)).toEqual([])
    expect(code).toBe(0)
  })
})

describe('an instance whose options are held elsewhere', () => {
  it('warns that the plugins and the client-IP source could not be read, rather than erring', () => {
    const app = broken('src/lib/auth/auth.ts', (text) =>
      text
        .replace('export const auth = betterAuth({', 'export const auth = betterAuth(withDefaults({')
        .replace(/\n\}\)\n/, '\n}))\n')
        .replace('// Server only', 'const withDefaults = <T>(options: T) => options\n\n// Server only'),
    )
    const { code, checks } = doctor(app)
    const failed = checks.filter((check) => !check.ok)
    expect(failed.map((check) => [check.id, check.severity])).toEqual([
      ['cookies-plugin-last', 'warning'],
      ['rate-limit-ip', 'warning'],
    ])
    for (const check of failed)
      expect(check.message).toMatch(/^Could not read the (?:plugins|options) of the betterAuth/)
    expect(code).toBe(0)
  })
})

describe('an env file git already tracks', () => {
  it('says to untrack it with git rm --cached and rotate the secret, though .gitignore lists it', () => {
    const app = copyApp(fresh)
    copies.push(app)
    expect(readFileSync(path.join(app, '.gitignore'), 'utf8')).toMatch(/^\*\.local$/m)
    execFileSync('git', ['init', '-q'], { cwd: app })
    execFileSync('git', ['add', '-f', '.env.local'], { cwd: app })
    const { code, checks } = doctor(app)
    const failed = checks.filter((check) => !check.ok)
    expect(failed.map((check) => check.id)).toEqual(['env-ignored'])
    expect(failed[0]!.message).toMatch(/^\.env\.local holds BETTER_AUTH_SECRET and is tracked by git/)
    expect(failed[0]!.fix).toMatch(/^Run `git rm --cached \.env\.local`.*rotate the secret/)
    expect(code).toBe(1)
  })
})

describe('each check fails when its one thing breaks', () => {
  for (const breakage of BREAKAGES) {
    it(`${breakage.id}: ${breakage.message.source.replaceAll('\\', '')}`, () => {
      const app = broken(breakage.file, breakage.edit)
      const { code, checks } = doctor(app)
      const failed = checks.filter((check) => !check.ok)
      expect(failed.map((check) => check.id)).toEqual([breakage.id])
      const [check] = failed
      expect(check!.severity).toBe(breakage.severity)
      expect(check!.message).toMatch(breakage.message)
      expect(check!.fix.length).toBeGreaterThan(10)
      // warnings alone keep the exit code 0
      expect(code).toBe(breakage.severity === 'error' ? 1 : 0)
    })
  }
})

describe('base-url compares BETTER_AUTH_URL with the port the dev server really serves on', () => {
  /** A copy of the fresh app with its dev script, vite config edit and BETTER_AUTH_URL; its base-url check. */
  function baseUrl(dev: string, url: string, vite: (text: string) => string = (text) => text): Check {
    const app = copyApp(fresh)
    copies.push(app)
    const edit = (file: string, change: (text: string) => string) =>
      writeFileSync(path.join(app, file), change(readFileSync(path.join(app, file), 'utf8')))
    edit('package.json', (text) => text.replace('"dev": "vite dev --port 3000"', JSON.stringify({ dev }).slice(1, -1)))
    edit('vite.config.ts', vite)
    edit('.env.local', (text) => text.replace('BETTER_AUTH_URL=http://localhost:3000', `BETTER_AUTH_URL=${url}`))
    const check = doctor(app).checks.find((found) => found.id === 'base-url')!
    expect(check).toBeDefined()
    return check
  }
  const serverPort = (text: string) => text.replace('plugins:', 'server: { port: 4500 },\n  plugins:')

  it.each([
    ['--port in the dev script', 'vite dev --port 3001', undefined, 3001, '`--port 3001` in the dev script'],
    ["the vite config's server.port", 'vite dev', serverPort, 4500, 'server.port in vite.config.ts'],
    ["Vite's default", 'vite dev', undefined, 5173, "Vite's default port"],
  ])('%s', (_name, dev, vite, port, from) => {
    const wrong = baseUrl(dev, 'http://localhost:3000', vite)
    expect(wrong.ok).toBe(false)
    expect(wrong.message).toBe(
      `BETTER_AUTH_URL is http://localhost:3000, but the dev server listens on port ${port} (${from}): ` +
        'sign-in from it fails with INVALID_ORIGIN.',
    )
    expect(wrong.fix).toBe(
      `Set BETTER_AUTH_URL=http://localhost:${port} in .env.local (the dev server's URL: ${from}).`,
    )
    expect(baseUrl(dev, `http://localhost:${port}`, vite).ok).toBe(true)
  })

  it('passes any local port when the dev script runs its own server (its port is a guess)', () => {
    expect(baseUrl('node server.mjs', 'http://localhost:4000').ok).toBe(true)
  })
})
