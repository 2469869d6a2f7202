import { csrfCheck, guardImportsCheck } from './app-checks.js'
import { fail, pass, type Check, type DoctorContext } from './check.js'
import { baseUrlCheck, envIgnoredCheck, redisUrlCheck, secretCheck, trustedOriginsCheck } from './env-checks.js'
import {
  apiTokenExpiryCheck,
  cookieCacheCheck,
  cookiesPluginCheck,
  databaseCheck,
  rateLimitIpCheck,
} from './instance-checks.js'

export type { Check, DatabaseState, DoctorContext } from './check.js'
import type { ConvexAuth } from '../plans/convex.js'
export { parseEnv, PROCESS_ENV, readEnv } from './env.js'

/**
 * Every check, in a fixed order.
 *
 * @example runChecks(context).filter((check) => !check.ok)
 */
export function runChecks(context: DoctorContext): Check[] {
  if (context.convex) return convexChecks(context, context.convex)
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
    redisUrlCheck(context),
  ]
}

/**
 * The checks of an app whose Better Auth runs in Convex: its secret, URL, origins, plugins and rate limits are set
 * in Convex, where doctor cannot look; what this app needs is the Convex site's URL, which getSession() reads.
 */
function convexChecks(context: DoctorContext, convex: ConvexAuth): Check[] {
  const inConvex = (id: string, severity: Check['severity'], what: string) =>
    pass(id, severity, `Skipped: your Better Auth runs in Convex (${convex.handler} forwards to it); ${what}.`)
  const siteUrl = context.env[convex.siteUrlEnv]
  return [
    siteUrl
      ? pass('convex-site-url', 'error', `${convex.siteUrlEnv} is set (${context.envSource[convex.siteUrlEnv]}).`)
      : fail(
          'convex-site-url',
          'error',
          `${convex.siteUrlEnv} is not set: your /api/auth handler and getSession() reach your Better Auth through it.`,
          `Set ${convex.siteUrlEnv} in ${context.project.envFile} to your Convex site URL (it ends in .convex.site; ` +
            '`npx convex dev` prints it).',
        ),
    inConvex('secret', 'error', 'its BETTER_AUTH_SECRET is set there (`npx convex env set`)'),
    inConvex('base-url', 'error', 'its baseURL and trusted origins are set there'),
    envIgnoredCheck(context),
    databaseCheck(context),
    inConvex('cookies-plugin-last', 'error', 'the handler forwards the cookies it sets'),
    csrfCheck(context),
    guardImportsCheck(context),
    cookieCacheCheck(context),
    inConvex('rate-limit-ip', 'warning', 'it keys its rate limits there'),
  ]
}
