import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from '../../lib/typescript.js'
import { findInstance } from '../codemods/auth/find-instance.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import { importedNames, topLevelBindings } from '../codemods/js/bindings.js'
import { calleeName } from '../codemods/js/calls.js'
import { exportedNames } from '../codemods/js/exports.js'
import { findProperty, hasSpread, propertyValue } from '../codemods/js/objects.js'
import { parse } from '../codemods/js/parse.js'
import { unwrap } from '../codemods/js/unwrap.js'
import { findStartOptions } from '../codemods/start/find-start-options.js'
import { listedCsrf } from '../codemods/start/listed-csrf.js'
import { foldersUpTo, relPosix } from '../project/files.js'
import { appModulePath } from '../project/modules.js'
import { devServerPort } from '../project/package-json.js'
import type { ProjectInfo } from '../project/types.js'
import { routeTable } from '../routes/discover.js'
import { GUARDS_MODULE, guardsFile } from '../routes/guards.js'
import { isIgnored } from '../plans/env.js'
import { importSpecifier } from '../plans/paths.js'

/** One thing `kit-auth doctor` checks: whether it is fine, and what to do when it is not. */
export interface Check {
  id: string
  severity: 'error' | 'warning'
  ok: boolean
  message: string
  /** What to do (empty when ok). */
  fix: string
}

/** What a pending-migration check found in the database (through the app runner), or why it could not look. */
export type DatabaseState =
  | { created: string[]; altered: string[]; tokensWithoutExpiry: number | null }
  | { skipped: string }
  | { error: string }
  /** The instance's SQLite file does not exist yet (it was not loaded: that would create it). */
  | { absent: string }

/** The files and values every check reads, read once. */
export interface DoctorContext {
  project: ProjectInfo
  /**
   * The app's env as `vite dev` sees it (`.env`, `.env.local`, `.env.development`...; later wins), with
   * the process's environment over them (CI and production set secrets there).
   */
  env: Record<string, string>
  /** The file each env key was read from, or `process.env`. */
  envSource: Record<string, string>
  read(file: string): string | null
  /** The Better Auth instance's file, relative to the root (the app's own when init adopted one). */
  instanceFile: string
  database: DatabaseState
}

/** Where `vite dev` reads env values from, in the order it applies them. */
const ENV_FILES = ['.env', '.env.local', '.env.development', '.env.development.local']
/** Committed examples of the env file: a secret copied from one is public. */
const EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.local.example']

/** The keys and values of a dotenv text (quotes stripped, comments and `export` ignored). */
export function parseEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!match) continue
    const raw = match[2] ?? ''
    const quoted = /^(['"])(.*)\1$/.exec(raw)
    values[match[1]!] = quoted ? (quoted[2] ?? '') : raw.replace(/\s+#.*$/, '')
  }
  return values
}

/** Where `envSource` says a value came from the process's environment. */
export const PROCESS_ENV = 'process.env'

/**
 * Reads the env of an app: the values `vite dev` would load from its env files, then the process's
 * environment over them (as Vite does), and where each came from.
 */
export function readEnv(
  project: Pick<ProjectInfo, 'envFile'>,
  read: (file: string) => string | null,
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
): Pick<DoctorContext, 'env' | 'envSource'> {
  const env: Record<string, string> = {}
  const envSource: Record<string, string> = {}
  for (const file of [...new Set([...ENV_FILES, project.envFile])]) {
    const text = read(file)
    if (text === null) continue
    for (const [key, value] of Object.entries(parseEnv(text))) {
      env[key] = value
      envSource[key] = file
    }
  }
  for (const [key, value] of Object.entries(processEnv)) {
    if (value === undefined) continue
    env[key] = value
    envSource[key] = PROCESS_ENV
  }
  return { env, envSource }
}

const pass = (id: string, severity: Check['severity'], message: string): Check => ({
  id,
  severity,
  ok: true,
  message,
  fix: '',
})
const fail = (id: string, severity: Check['severity'], message: string, fix: string): Check => ({
  id,
  severity,
  ok: false,
  message,
  fix,
})

function secretCheck(context: DoctorContext): Check {
  const secret = context.env.BETTER_AUTH_SECRET
  const where = context.project.envFile
  const fix = `Set BETTER_AUTH_SECRET in ${where} to a fresh random value: \`openssl rand -hex 32\`.`
  if (secret === undefined || secret === '')
    return fail(
      'secret',
      'error',
      `BETTER_AUTH_SECRET is not set in ${where} (nor any env file, nor the process's environment).`,
      fix,
    )
  if (secret.length < 32)
    return fail(
      'secret',
      'error',
      `BETTER_AUTH_SECRET is ${secret.length} characters: Better Auth wants 32 or more.`,
      fix,
    )
  const example = EXAMPLE_FILES.find((file) => parseEnv(context.read(file) ?? '').BETTER_AUTH_SECRET === secret)
  if (example)
    return fail(
      'secret',
      'error',
      `BETTER_AUTH_SECRET is the same as in ${example}, which is committed: anyone can sign sessions.`,
      fix,
    )
  return pass('secret', 'error', `BETTER_AUTH_SECRET is set (${context.envSource.BETTER_AUTH_SECRET}).`)
}

function baseUrlCheck(context: DoctorContext): Check {
  const value = context.env.BETTER_AUTH_URL
  const port = devServerPort(context.project.manifest.scripts)
  const fix = `Set BETTER_AUTH_URL=http://localhost:${port} in ${context.project.envFile} (the dev server's URL).`
  if (!value)
    return fail(
      'base-url',
      'error',
      `BETTER_AUTH_URL is not set: Better Auth rejects sign-up and sign-in from any other origin.`,
      fix,
    )
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail('base-url', 'error', `BETTER_AUTH_URL is not a URL: ${value}.`, fix)
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  const urlPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  if (local && urlPort !== port)
    return fail(
      'base-url',
      'error',
      `BETTER_AUTH_URL is ${value}, but the dev server listens on port ${port}: ` +
        'sign-in from it fails with INVALID_ORIGIN.',
      fix,
    )
  return pass('base-url', 'error', `BETTER_AUTH_URL is ${value}.`)
}

function trustedOriginsCheck(context: DoctorContext): Check {
  const listed = (context.env.BETTER_AUTH_TRUSTED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  const bad = listed.filter((origin) => {
    if (origin === '*') return true
    try {
      return new URL(origin).origin !== origin.replace(/\/$/, '')
    } catch {
      return true
    }
  })
  if (bad.length > 0)
    return fail(
      'trusted-origins',
      'warning',
      `BETTER_AUTH_TRUSTED_ORIGINS has entries that are not origins: ${bad.join(', ')}.`,
      'List origins only, comma-separated: scheme, host and port, no path and no `*` (`https://app.example.com`).',
    )
  return pass(
    'trusted-origins',
    'warning',
    listed.length > 0 ? `Trusted origins: ${listed.join(', ')}.` : 'No extra trusted origins: only BETTER_AUTH_URL.',
  )
}

function envIgnoredCheck(context: DoctorContext): Check {
  const { project } = context
  // only a file that holds the secret leaks it: a committed `.env.development` of plain settings is common
  const files = [...new Set([project.envFile, ...ENV_FILES])].filter(
    (file) => file === context.envSource.BETTER_AUTH_SECRET || !!parseEnv(context.read(file) ?? '').BETTER_AUTH_SECRET,
  )
  // git reports a tracked file as not ignored even when .gitignore lists it: tracking is asked first
  const committed = files.filter((file) => gitTracks(project, file))
  if (committed.length > 0)
    return fail(
      'env-ignored',
      'error',
      `${committed.join(', ')} ${committed.length === 1 ? 'holds' : 'hold'} BETTER_AUTH_SECRET and ` +
        `${committed.length === 1 ? 'is' : 'are'} tracked by git: the secret is in the repository's history.`,
      `Run ${committed.map((file) => `\`git rm --cached ${file}\``).join(', ')}, keep ` +
        `${committed.length === 1 ? 'it' : 'them'} in .gitignore, and rotate the secret ` +
        '(a fresh `openssl rand -hex 32`): the committed one is public.',
    )
  const exposed = files.filter((file) => !gitIgnores(project, file))
  if (exposed.length > 0)
    return fail(
      'env-ignored',
      'error',
      `${exposed.join(', ')} ${exposed.length === 1 ? 'holds' : 'hold'} BETTER_AUTH_SECRET and ` +
        `${exposed.length === 1 ? 'is' : 'are'} not git-ignored: the secret would be committed.`,
      `Add ${exposed.map((file) => `\`${file}\``).join(', ')} to .gitignore.`,
    )
  if (files.length === 0) return pass('env-ignored', 'error', 'No env file holds BETTER_AUTH_SECRET.')
  return pass('env-ignored', 'error', `${files.join(', ')} (holding BETTER_AUTH_SECRET) git-ignored.`)
}

/** Whether git tracks an app file (false outside a repository). */
function gitTracks(project: ProjectInfo, file: string): boolean {
  const git = spawnSync('git', ['ls-files', '--error-unmatch', '--', file], { cwd: project.root, stdio: 'ignore' })
  return git.status === 0
}

/** Whether git ignores an app file: git itself when the app is in a repository, else the .gitignore files. */
function gitIgnores(project: ProjectInfo, file: string): boolean {
  const git = spawnSync('git', ['check-ignore', '-q', file], { cwd: project.root, stdio: 'ignore' })
  if (git.status === 0) return true
  if (git.status === 1) return false
  return foldersUpTo(project.root, project.workspaceRoot).some((folder) =>
    isIgnored(readOrNull(path.join(folder, '.gitignore')), relPosix(folder, path.join(project.root, file))),
  )
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

function databaseCheck(context: DoctorContext): Check {
  const state = context.database
  if ('skipped' in state) return pass('database', 'error', `Skipped: ${state.skipped}`)
  if ('absent' in state)
    return fail(
      'database',
      'error',
      `No database yet (${state.absent} does not exist): run kit-auth migrate.`,
      'Run `npx kit-auth migrate`: it creates the database and the auth tables.',
    )
  if ('error' in state)
    return fail(
      'database',
      'error',
      `Could not read the auth tables: ${state.error}`,
      'Fix the cause (the database is reachable, DATABASE_URL or DATABASE_PATH is right), then run doctor again.',
    )
  const pending = [
    ...state.created.map((table) => `table ${table}`),
    ...state.altered.map((table) => `columns of ${table}`),
  ]
  if (pending.length > 0)
    return fail(
      'database',
      'error',
      `The database lacks ${pending.join(', ')}: a migration is pending.`,
      'Run `npx kit-auth migrate`.',
    )
  return pass('database', 'error', 'The auth tables and columns are all in the database.')
}

function apiTokenExpiryCheck(context: DoctorContext): Check {
  const state = context.database
  if (!('created' in state) || state.tokensWithoutExpiry === null)
    return pass('api-token-expiry', 'warning', 'Skipped: no API tokens table to read.')
  const count = state.tokensWithoutExpiry
  if (count > 0)
    return fail(
      'api-token-expiry',
      'warning',
      `${count} API ${count === 1 ? 'token never expires' : 'tokens never expire'} (made before tokens had an expiry).`,
      'Revoke them (revokeApiToken, or delete the rows whose expiresAt is null) and let their owners create new ones.',
    )
  return pass('api-token-expiry', 'warning', 'Every API token has an expiry.')
}

/**
 * The instance's options and the names of its plugins, as imported (`tanstackStartCookies` for
 * `import { tanstackStartCookies as cookies }`); `names` null when the plugins cannot be read (a
 * variable from elsewhere, options in another file). Null when there is no `betterAuth(...)` call.
 */
function instancePlugins(
  context: DoctorContext,
): { names: string[] | null; options: ts.ObjectLiteralExpression | null } | null {
  const text = context.read(context.instanceFile)
  const sourceFile = text === null ? null : parse(text, context.instanceFile)
  const instance = sourceFile ? findInstance(sourceFile) : undefined
  if (!sourceFile || !instance) return null
  const options = instance.options ?? null
  if (!options) return { names: null, options }
  const plugins = findProperty(options, 'plugins')
  if (!plugins) return { names: hasSpread(options) ? null : [], options }
  const value = propertyValue(plugins)
  if (!value || !ts.isArrayLiteralExpression(value)) return { names: null, options }
  const imports = importedNames(sourceFile)
  const names = value.elements.map((element) =>
    ts.isSpreadElement(element) ? '...' : (calleeName(element, imports) ?? '?'),
  )
  return { names, options }
}

const COOKIE_PLUGINS = new Set(['tanstackStartCookies', 'reactStartCookies'])

function cookiesPluginCheck(context: DoctorContext): Check {
  const plugins = instancePlugins(context)
  const file = context.instanceFile
  if (!plugins)
    return fail(
      'cookies-plugin-last',
      'error',
      `No betterAuth({...}) instance found in ${file}.`,
      'Run `npx kit-auth init`.',
    )
  const fix = `Put tanstackStartCookies() last in the plugins of ${file}.`
  const { names } = plugins
  if (names === null)
    return fail(
      'cookies-plugin-last',
      'warning',
      `Could not read the plugins of the betterAuth({...}) instance in ${file} (options or plugins held ` +
        'elsewhere): tanstackStartCookies() must be the last one.',
      `Check by hand that tanstackStartCookies() is the last plugin, or list the plugins inline in ${file}.`,
    )
  const at = names.findIndex((name) => COOKIE_PLUGINS.has(name))
  if (at === -1 && names.includes('...'))
    return fail(
      'cookies-plugin-last',
      'warning',
      `Could not read every plugin of ${file} (a spread): tanstackStartCookies() must be the last one.`,
      fix,
    )
  if (at === -1)
    return fail(
      'cookies-plugin-last',
      'error',
      `${file} has no tanstackStartCookies(): sign-in from a server function sets no cookie.`,
      fix,
    )
  if (at !== names.length - 1)
    return fail(
      'cookies-plugin-last',
      'error',
      `tanstackStartCookies() is not the last plugin in ${file}: the plugins after it set cookies it never forwards.`,
      fix,
    )
  return pass('cookies-plugin-last', 'error', `tanstackStartCookies() is the last plugin in ${file}.`)
}

function csrfCheck(context: DoctorContext): Check {
  const { project } = context
  if (!project.startFile)
    return pass('csrf', 'error', 'No start.ts: Start adds its own CSRF middleware for server functions.')
  const text = context.read(project.startFile) ?? ''
  const sourceFile = parse(text, project.startFile)
  const found = findStartOptions(sourceFile)
  const fix =
    `List csrfMiddleware (from lib/auth/request-middleware) in requestMiddleware of ${project.startFile}, ` +
    'or run `npx kit-auth init` again.'
  if (!('object' in found)) return fail('csrf', 'error', `${project.startFile}: ${found.problem}.`, fix)
  const from = importSpecifier(project, project.startFile, 'lib/auth/request-middleware')
  const listed = listedCsrf(sourceFile, found.object, { from, name: 'csrfMiddleware' })
  const full = listed.find((entry) => entry.weakened.length === 0)
  if (full) return pass('csrf', 'error', `${project.startFile} lists ${full.text} for server functions.`)
  if (listed.length > 0)
    return fail(
      'csrf',
      'error',
      `${project.startFile}'s CSRF middleware is weakened: ${listed[0]!.weakened.join('; ')}.`,
      fix,
    )
  return fail(
    'csrf',
    'error',
    `${project.startFile} lists no CSRF middleware: once start.ts exists, Start runs only its list, ` +
      'so cross-site POSTs reach server functions.',
    fix,
  )
}

function guardImportsCheck(context: DoctorContext): Check {
  const { project } = context
  const guards = guardsFile(project)
  const guardsText = context.read(guards)
  const exported = new Set(guardsText === null ? [] : exportedNames(guardsText, guards))
  const target = path.posix.join(project.srcDirectory, GUARDS_MODULE)
  const missing: string[] = []
  for (const route of routeTable(project).routes) {
    for (const file of [route.file, route.lazyFile]) {
      const text = file ? context.read(file) : null
      if (!file || text === null || !text.includes('guards')) continue
      for (const [local, binding] of topLevelBindings(parse(text, file))) {
        if (binding.kind !== 'import' || binding.typeOnly || !binding.from) continue
        if (appModulePath(project.aliases, file, binding.from) !== target || exported.has(binding.imported)) continue
        missing.push(`${file} (${binding.imported === local ? local : `${binding.imported} as ${local}`})`)
      }
    }
  }
  if (missing.length > 0)
    return fail(
      'guard-imports',
      'error',
      `${guards} does not export what ${missing.join(', ')} import${missing.length === 1 ? 's' : ''}.`,
      'Recreate the guard with `npx kit-auth add-guard <kind>`, or change the import to a guard guards.ts exports.',
    )
  return pass('guard-imports', 'error', `Every guard the routes import is exported by ${guards}.`)
}

function cookieCacheCheck(context: DoctorContext): Check {
  const text = context.read(context.instanceFile)
  const instance = text === null ? null : inspectAuthInstance(text, context.instanceFile)
  if (!instance?.cookieCache || instance.stateless)
    return pass('cookie-cache', 'warning', 'session.cookieCache is off: every request sees deactivation and bans.')
  const sessionText = context.read(path.posix.join(context.project.srcDirectory, 'lib/auth/session.ts')) ?? ''
  const lockout = instancePlugins(context)?.names?.includes('accountLockout') ?? false
  if (lockout && /disableCookieCache:\s*true/.test(sessionText))
    return pass('cookie-cache', 'warning', 'session.cookieCache is on; getSession() and accountLockout() bypass it.')
  return fail(
    'cookie-cache',
    'warning',
    `session.cookieCache is on in ${context.instanceFile}, and kit-auth's deactivation check is not wired ` +
      '(accountLockout() plugin, getSession() with disableCookieCache): a deactivated or banned user keeps ' +
      'access until the cached cookie expires.',
    `Add accountLockout() (lib/auth/lockout) to the plugins of ${context.instanceFile}, or turn cookieCache off.`,
  )
}

function rateLimitIpCheck(context: DoctorContext): Check {
  const plugins = instancePlugins(context)
  if (plugins && !plugins.options)
    return fail(
      'rate-limit-ip',
      'warning',
      `Could not read the options of the betterAuth(...) instance in ${context.instanceFile} (held elsewhere): ` +
        'rate limits need a trusted client-IP source (advanced.ipAddress).',
      'Check by hand that the options set advanced.ipAddress for your host, or write them inline in the instance.',
    )
  const advanced = plugins?.options && findProperty(plugins.options, 'advanced')
  const advancedValue = advanced && propertyValue(advanced)
  const ipAddress =
    advancedValue && ts.isObjectLiteralExpression(advancedValue) ? findProperty(advancedValue, 'ipAddress') : undefined
  const fix =
    'Set advanced.ipAddress ({ ipAddressHeaders: [...] } for your host) in the instance, and pass ' +
    '`await withClientIp(request)` (lib/auth/client-ip) to auth.handler.'
  if (!ipAddress)
    return fail(
      'rate-limit-ip',
      'warning',
      `${context.instanceFile} names no trusted client-IP source (advanced.ipAddress): Better Auth keys ` +
        'rate limits on the X-Forwarded-For header, which any client can forge: a new value each request ' +
        'gets a fresh limit, so password guessing is unlimited.',
      fix,
    )
  // kit-auth's header is set only by its handler route: a handler that forwards the raw request leaves it unset
  const handler = routeTable(context.project).routes.find((route) => /^\/api\/auth\/\$$/.test(route.fullPath))
  const handlerText = handler?.file ? context.read(handler.file) : null
  const kitHeader = /x-kit-auth-client-ip/.test(ipAddress.getText())
  if (kitHeader && handlerText !== null && !/withClientIp\s*\(/.test(handlerText))
    return fail(
      'rate-limit-ip',
      'warning',
      `${handler?.file} passes the raw request to auth.handler: ` +
        "the client-IP header kit-auth's instance trusts is never set.",
      fix,
    )
  return pass('rate-limit-ip', 'warning', 'Rate limits key on a trusted client-IP source.')
}

/**
 * Every check, in a fixed order.
 *
 * @example runChecks(context).filter((check) => !check.ok)
 */
export function runChecks(context: DoctorContext): Check[] {
  return [
    secretCheck(context),
    baseUrlCheck(context),
    trustedOriginsCheck(context),
    envIgnoredCheck(context),
    databaseCheck(context),
    cookiesPluginCheck(context),
    csrfCheck(context),
    guardImportsCheck(context),
    cookieCacheCheck(context),
    rateLimitIpCheck(context),
    apiTokenExpiryCheck(context),
  ]
}
