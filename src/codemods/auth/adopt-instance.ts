import { chain, type Transform } from '../transform.js'
import { addDatabase, type AddDatabaseOptions } from './add-database.js'
import { addPlugins, type AddPluginsOptions } from './add-plugins.js'
import { addUserField } from './add-user-field.js'
import { exportInstance } from './export-instance.js'
import { unerasedInstanceType } from './erased-type.js'
import { inferInstanceOptions } from './infer-options.js'
import { upgradeCookiesPlugin } from './upgrade-cookies-plugin.js'

export interface AdoptAuthOptions extends AddPluginsOptions, AddDatabaseOptions {
  plugins: { admin: boolean; organization: boolean; apiTokens: boolean; accountLockout?: boolean }
  apiTokensFrom: string
  lockoutFrom?: string
  /** Add `export` to the instance's `const` when it is not exported. */
  exportInstance?: boolean
  /** Declare `user.additionalFields.deactivatedAt` (default true; a stateless instance has nowhere to keep it). */
  deactivation?: boolean
  /** The app moves to better-auth 1.4 or later: 1.3's `reactStartCookies` becomes `tanstackStartCookies` first. */
  upgradeCookies?: boolean
}

/**
 * What `init` does to an app's own Better Auth instance so its generated code can build on it:
 * the missing plugins with `tanstackStartCookies()` last, `user.additionalFields.deactivatedAt`, a
 * database when it has none, and `export` when the instance is not exported; an explicit options type
 * (`betterAuth<BetterAuthOptions>(...)`), which would hide all of these from `typeof auth`, becomes a `satisfies`.
 * Already present things are left alone: a second run changes nothing.
 *
 * @example runTransform(text, 'src/lib/auth.ts', adoptAuth, { plugins, apiTokensFrom, database, style }, { style })
 */
export const adoptAuth: Transform<AdoptAuthOptions> = (file, options) =>
  chain<AdoptAuthOptions>(
    ...(options.upgradeCookies ? [upgradeCookiesPlugin] : []),
    inferInstanceOptions,
    unerasedInstanceType,
    addPlugins,
    ...(options.deactivation === false ? [] : [addUserField]),
    addDatabase,
    ...(options.exportInstance ? [exportInstance] : []),
  )(file, options)
