import path from 'node:path'
import ts from '../../lib/typescript.js'
import { findInstance } from '../codemods/auth/find-instance.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import { importedNames } from '../codemods/js/bindings.js'
import { heldCalleeName } from '../codemods/js/calls.js'
import { findProperty, propertyValue } from '../codemods/js/objects.js'
import { pluginsArray, spreadArray } from '../codemods/auth/spread-options.js'
import { parse } from '../codemods/js/parse.js'
import { routeTable } from '../routes/discover.js'
import { fail, pass, type Check, type DoctorContext } from './check.js'

export function databaseCheck(context: DoctorContext): Check {
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

export function apiTokenExpiryCheck(context: DoctorContext): Check {
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
 * `import { tanstackStartCookies as cookies }`), in the order Better Auth runs them: through the same-file arrays
 * its list spreads (`...basePlugins`, `...(options.plugins ?? [])`) and the const `plugins` names, as init reads
 * them; `...` for a spread kit-auth cannot follow. `names` null when the plugins cannot be read (a variable from
 * elsewhere, options in another file). Null when there is no `betterAuth(...)` call.
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
  const found = pluginsArray(options)
  if (found === null) return { names: [], options }
  if (found === 'unknown' || found === 'other') return { names: null, options }
  const imports = importedNames(sourceFile)
  const names = (list: ts.ArrayLiteralExpression, depth: number): string[] =>
    list.elements.flatMap((element) => {
      if (!ts.isSpreadElement(element)) return [heldCalleeName(element, imports) ?? '?']
      const source = depth < 5 ? spreadArray(element.expression) : null
      return source ? names(source, depth + 1) : ['...']
    })
  return { names: names(found.list, 0), options }
}

const COOKIE_PLUGINS = new Set(['tanstackStartCookies', 'reactStartCookies'])

export function cookiesPluginCheck(context: DoctorContext): Check {
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

export function cookieCacheCheck(context: DoctorContext): Check {
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

export function rateLimitIpCheck(context: DoctorContext): Check {
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
