import ts from '../../../lib/typescript.js'
import { topLevelBindings } from '../js/bindings.js'
import { findProperty, hasSpread, propertyValue } from '../js/objects.js'
import { objectLiteralOf, resolveConst, unwrap } from '../js/unwrap.js'
import { parseOrRefuse } from '../transform.js'
import { customAdapterOf } from './custom-adapter.js'
import { findInstance } from './find-instance.js'
import { requiredSignUpFields, type SignUpField } from './sign-up-fields.js'
import { listedPlugins, optionProperty } from './spread-options.js'

/** What `init` needs to know about an app's Better Auth instance before generating around it. */
export interface AuthInstanceInfo {
  /** The variable holding the instance (`auth`), or null when it is not a module-level `const`. */
  localName: string | null
  /** True when the config names a `database` (or spreads something that may). */
  hasDatabase: boolean
  /**
   * The adapter its database uses: the built-in Kysely one (SQLite, pg, MySQL...), an ORM's, or another adapter
   * Better Auth calls as a function (`custom`: its own migrations cannot run on it).
   */
  adapter: 'kysely' | 'drizzle' | 'prisma' | 'mongodb' | 'convex' | 'custom' | null
  /** The custom adapter's maker as the instance calls it (`storeAdapter`), when `adapter` is `custom`. */
  customAdapter?: string
  /** `session.cookieCache` is on: Better Auth may answer getSession from the cookie. */
  cookieCache: boolean
  /** No database, sessions kept in the cookie (`session.cookieCache`): Better Auth's stateless mode. */
  stateless: boolean
  /** True when `emailAndPassword` is set in the config and not turned off (`enabled: false`). */
  emailAndPassword: boolean
  /**
   * Password sign-in is off on purpose: `emailAndPassword` is an object whose `enabled` is `false`
   * or absent (Better Auth's default is off). The app signs in another way (a magic link, a code...).
   */
  passwordless: boolean
  /** The instance lists `magicLink(...)` among its plugins. */
  magicLink: boolean
  /** The instance lists `emailOTP(...)`: it verifies addresses (and may reset passwords) with emailed codes. */
  emailOtp: boolean
  /**
   * A spread (its text) that decides whether password sign-in is on where what kit-auth read says it is off or
   * unset: one after `emailAndPassword: { enabled: false }` that may set it again, or one kit-auth cannot read when
   * the options name no `emailAndPassword`. Null when what kit-auth read is what Better Auth gets.
   */
  passwordSpread: string | null
  /** The user fields a sign-up must send besides name, email and password (`sign-up-fields.ts`). */
  signUpFields: SignUpField[]
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
  // as written, and what a same-file const it names holds (`const adapter = drizzleAdapter(db)`)
  const databaseText = database ? `${database.getText()}\n${propertyValue(database)?.getText() ?? ''}` : ''
  const known = ADAPTERS.find(([, pattern]) => pattern.test(databaseText))?.[0]
  const customAdapter = database && !known ? customAdapterOf(database) : null
  return {
    localName: declaration && ts.isIdentifier(declaration.name) ? declaration.name.text : null,
    hasDatabase: !!database || (!!options && hasSpread(options)),
    adapter: database ? (known ?? (customAdapter ? 'custom' : 'kysely')) : null,
    ...(customAdapter ? { customAdapter } : {}),
    emailAndPassword: !!(options && option(options, 'emailAndPassword')) && !passwordOff(options),
    passwordless: passwordOff(options),
    magicLink: lists(options, 'magicLink'),
    emailOtp: lists(options, 'emailOTP'),
    passwordSpread: passwordSpread(options),
    signUpFields: requiredSignUpFields(options),
    cookieCache: cookieCacheEnabled(options),
    stateless: !database && !(options && hasSpread(options)) && cookieCacheEnabled(options),
  }
}

/**
 * `emailAndPassword: { enabled: false }` (or an object without `enabled`): Better Auth signs in no password.
 * A spread after it (`...shared`) may set it again, so the instance is then not known to be passwordless.
 */
function passwordOff(options: ts.ObjectLiteralExpression | null | undefined): boolean {
  const property = options && option(options, 'emailAndPassword')
  if (!property || !offAsWritten(property)) return false
  // in the options object itself: a spread after it may set it again (one read through a spread is that spread's)
  return !laterSpread(options, property)
}

/** `emailAndPassword: { enabled: false }`, or an object without `enabled` (and no spread): off as written. */
function offAsWritten(property: ts.ObjectLiteralElementLike): boolean {
  const value = propertyValue(property)
  if (!value || !ts.isObjectLiteralExpression(value) || hasSpread(value)) return false
  const enabled = findProperty(value, 'enabled')
  if (!enabled) return true
  const enabledValue = propertyValue(enabled)
  return !!enabledValue && enabledValue.kind === ts.SyntaxKind.FalseKeyword
}

/** A spread after `property` in the options object itself that may set `emailAndPassword` again, or undefined. */
function laterSpread(options: ts.ObjectLiteralExpression, property: ts.ObjectLiteralElementLike) {
  const index = options.properties.indexOf(property)
  if (index < 0) return undefined
  return options.properties.slice(index + 1).find((element): element is ts.SpreadAssignment => {
    if (!ts.isSpreadAssignment(element)) return false
    const source = objectLiteralOf(element.expression)
    return !source || optionProperty(source, 'emailAndPassword') !== undefined
  })
}

/** See `AuthInstanceInfo.passwordSpread`. */
function passwordSpread(options: ts.ObjectLiteralExpression | null | undefined): string | null {
  if (!options) return null
  const own = findProperty(options, 'emailAndPassword')
  let spread: ts.SpreadAssignment | undefined
  // off as written, and a later spread may turn it on
  if (own) spread = offAsWritten(own) ? laterSpread(options, own) : undefined
  else if (optionProperty(options, 'emailAndPassword') === 'unknown') {
    // the spread kit-auth cannot read, else the one that leads to it (a spread of a spread)
    const spreads = options.properties.filter(ts.isSpreadAssignment)
    spread = spreads.find((element) => !objectLiteralOf(element.expression)) ?? spreads.at(-1)
  }
  return spread ? spread.getText() : null
}

/** An option of the instance, in its own object or a same-file one it spreads (undefined when unknown). */
function option(options: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  const found = optionProperty(options, name)
  return found === 'unknown' ? undefined : found
}

/** Whether the instance's `plugins` array calls `name(...)` (by that name), or a same-file array it spreads. */
function lists(options: ts.ObjectLiteralExpression | null | undefined, name: string): boolean {
  const property = options && option(options, 'plugins')
  const value = property && propertyValue(property)
  if (!value || !ts.isArrayLiteralExpression(value)) return false
  return listedPlugins(value).plugins.some(({ element }) => {
    const call = unwrap(element)
    return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === name
  })
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

/** SQLite drivers whose constructor takes the database file: better-sqlite3, node:sqlite, bun:sqlite. */
const SQLITE_MODULES = new Set(['better-sqlite3', 'node:sqlite', 'bun:sqlite'])

/**
 * The SQLite file an instance opens (`database: new Database(databasePath)`), relative to the app root
 * or absolute, as `env` sets it (`process.env.DATABASE_PATH ?? 'data/auth.db'`). Null when the instance
 * uses no SQLite file or the path cannot be told from its source (`:memory:` included).
 *
 * @example sqliteFileOf(text, 'src/lib/auth/auth.ts', {}) // 'data/auth.db'
 */
export function sqliteFileOf(text: string, fileName: string, env: Readonly<Record<string, string>>): string | null {
  const sourceFile = parseOrRefuse(text, fileName, 'run kit-auth init again')
  const options = findInstance(sourceFile)?.options
  const database = options && findProperty(options, 'database')
  const value = database && propertyValue(database)
  if (!value || !(ts.isNewExpression(value) || ts.isCallExpression(value))) return null
  const callee = unwrap(value.expression)
  const driver = ts.isIdentifier(callee) ? topLevelBindings(sourceFile).get(callee.text) : undefined
  if (driver?.kind !== 'import' || !SQLITE_MODULES.has(driver.from ?? '')) return null
  const file = staticPath(value.arguments?.[0], env)
  return file && file !== ':memory:' && !file.startsWith('file:') ? file : null
}

/** A string literal, a same-file const of one, or `process.env.X ?? 'fallback'` read in `env`. */
function staticPath(expression: ts.Expression | undefined, env: Readonly<Record<string, string>>): string | null {
  const node = expression && resolveConst(expression)
  if (!node) return null
  if (ts.isStringLiteralLike(node)) return node.text
  const variable = (candidate: ts.Expression): string | null => {
    const access = unwrap(candidate)
    if (!ts.isPropertyAccessExpression(access)) return null
    const owner = unwrap(access.expression)
    return ts.isPropertyAccessExpression(owner) && owner.getText() === 'process.env' ? access.name.text : null
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    const name = variable(node.left)
    if (name === null) return null
    return env[name] ?? staticPath(node.right, env)
  }
  const name = variable(node)
  return name === null ? null : (env[name] ?? null)
}
