import ts from '../../../lib/typescript.js'
import { findProperty, hasSpread } from '../js/objects.js'
import { parseOrRefuse } from '../transform.js'
import { findInstance } from './find-instance.js'

/** What `init` needs to know about an app's Better Auth instance before generating around it. */
export interface AuthInstanceInfo {
  /** The variable holding the instance (`auth`), or null when it is not a module-level `const`. */
  localName: string | null
  /** True when the config names a `database` (or spreads something that may). */
  hasDatabase: boolean
  /** The adapter its database uses: the built-in Kysely one (SQLite, pg, MySQL...) or an ORM's. */
  adapter: 'kysely' | 'drizzle' | 'prisma' | 'mongodb' | null
  /** True when `emailAndPassword` is set in the config. */
  emailAndPassword: boolean
}

const ADAPTERS = [
  ['drizzle', /drizzleAdapter\s*\(/],
  ['prisma', /prismaAdapter\s*\(/],
  ['mongodb', /mongodbAdapter\s*\(/],
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
  }
}
