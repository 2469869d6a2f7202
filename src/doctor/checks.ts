import { csrfCheck, guardImportsCheck } from './app-checks.js'
import type { Check, DoctorContext } from './check.js'
import { baseUrlCheck, envIgnoredCheck, redisUrlCheck, secretCheck, trustedOriginsCheck } from './env-checks.js'
import {
  apiTokenExpiryCheck,
  cookieCacheCheck,
  cookiesPluginCheck,
  databaseCheck,
  rateLimitIpCheck,
} from './instance-checks.js'

export type { Check, DatabaseState, DoctorContext } from './check.js'
export { parseEnv, PROCESS_ENV, readEnv } from './env.js'

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
    redisUrlCheck(context),
  ]
}
