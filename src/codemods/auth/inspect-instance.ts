import ts from '../../../lib/typescript.js'
import { findProperty, hasSpread, propertyValue } from '../js/objects.js'
import { parseOrRefuse } from '../transform.js'
import { findInstance } from './find-instance.js'

/** What `init` needs to know about an app's Better Auth instance before generating around it. */
export interface AuthInstanceInfo {
  /** The variable holding the instance (`auth`), or null when it is not a module-level `const`. */
  localName: string | null
  /** True when the config names a `database` (or spreads something that may). */
  hasDatabase: boolean
  /** The adapter its database uses: the built-in Kysely one (SQLite, pg, MySQL...) or an ORM's. */
  adapter: 'kysely' | 'drizzle' | 'prisma' | 'mongodb' | 'convex' | null
  /** `session.cookieCache` is on: Better Auth may answer getSession from the cookie. */
  cookieCache: boolean
  /** No database, sessions kept in the cookie (`session.cookieCache`): Better Auth's stateless mode. */
  stateless: boolean
  /** True when `emailAndPassword` is set in the config. */
  emailAndPassword: boolean
}

const ADAPTERS = [
  ['drizzle', /drizzleAdapter\s*\(/],
  ['prisma', /prismaAdapter\s*\(/],
  ['mongodb', /mongodbAdapter\s*\(/],
  ['convex', /convexAdapter\s*\(|authComponent\.adapter\s*\(/],
] as const

/**
 * Reads the instance the way `init` plans around it (no edit); a file that does not parse is refused.
 *
 * @example inspectAuthInstance(text, 'src/lib/auth.ts') // { localName: 'auth', hasDatabase: false, ... }
 */
export function inspectAuthInstance(text: string, fileName: string): AuthInstanceInfo {
  const instance = findInstance(parseOrRefuse(text, fileName, 'run kit-auth init again'))
  const options = instance?.options
  const declaration = instance?.declaration
  const database = options && findProperty(options, 'database')
  const databaseText = database ? database.getText() : ''
  return {
    localName: declaration && ts.isIdentifier(declaration.name) ? declaration.name.text : null,
    hasDatabase: !!database || (!!options && hasSpread(options)),
    adapter: database ? (ADAPTERS.find(([, pattern]) => pattern.test(databaseText))?.[0] ?? 'kysely') : null,
    emailAndPassword: !!(options && findProperty(options, 'emailAndPassword')),
    cookieCache: cookieCacheEnabled(options),
    stateless: !database && !(options && hasSpread(options)) && cookieCacheEnabled(options),
  }
}

/** True when `session.cookieCache` is set and not `enabled: false`. */
function cookieCacheEnabled(options: ts.ObjectLiteralExpression | null | undefined): boolean {
  const session = options && findProperty(options, 'session')
  const sessionValue = session && propertyValue(session)
  if (!sessionValue || !ts.isObjectLiteralExpression(sessionValue)) return false
  const cache = findProperty(sessionValue, 'cookieCache')
  const cacheValue = cache && propertyValue(cache)
  if (!cacheValue || !ts.isObjectLiteralExpression(cacheValue)) return false
  const enabled = findProperty(cacheValue, 'enabled')
  const enabledValue = enabled && propertyValue(enabled)
  return !enabledValue || enabledValue.kind !== ts.SyntaxKind.FalseKeyword
}

/** Which account emails an instance sends (its own callbacks or kit-auth's), as `kit-auth add --list` reports them. */
export interface AccountEmailOptions {
  /** `emailAndPassword.sendResetPassword` is set. */
  passwordReset: boolean
  /** `emailVerification.sendVerificationEmail` is set. */
  emailVerification: boolean
}

/**
 * Reads the account-email callbacks of the Better Auth instance in a file (no edit; a file that
 * does not parse is refused, one without an instance has none).
 *
 * @example accountEmailsOf(text, 'src/lib/auth/auth.ts') // { passwordReset: true, emailVerification: false }
 */
export function accountEmailsOf(text: string, fileName: string): AccountEmailOptions {
  const options = findInstance(parseOrRefuse(text, fileName, 'run the command again'))?.options ?? null
  const has = (object: string, name: string) => {
    const property = options && findProperty(options, object)
    const value = property && propertyValue(property)
    return !!value && ts.isObjectLiteralExpression(value) && !!findProperty(value, name)
  }
  return {
    passwordReset: has('emailAndPassword', 'sendResetPassword'),
    emailVerification: has('emailVerification', 'sendVerificationEmail'),
  }
}
