import path from 'node:path'
import { DRIZZLE_CONFIGS } from './drizzle.js'
import { firstFile, isFile } from './files.js'

/** Database libraries kit-auth recognises, in report order. */
export const DATABASE_PACKAGES = [
  'drizzle-orm',
  'prisma',
  '@prisma/client',
  'pg',
  'postgres',
  'better-sqlite3',
  'mysql2',
  '@libsql/client',
  'kysely',
  'mongodb',
] as const

/**
 * The database libraries the app declares, plus `drizzle-orm` for a drizzle config and `prisma` for
 * `prisma/schema.prisma`, in DATABASE_PACKAGES order.
 * @example await detectDatabases('/app', { pg: '^8.0.0' }) // ['pg']
 */
export async function detectDatabases(root: string, declared: Record<string, string>): Promise<string[]> {
  const found = new Set<string>(DATABASE_PACKAGES.filter((pkg) => pkg in declared))
  if (await firstFile(root, DRIZZLE_CONFIGS)) found.add('drizzle-orm')
  if (await isFile(path.join(root, 'prisma', 'schema.prisma'))) found.add('prisma')
  return DATABASE_PACKAGES.filter((pkg) => found.has(pkg))
}
