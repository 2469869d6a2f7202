// The lock `kit-auth migrate` holds on PostgreSQL (app-runner.ts runs it inside the app).

/** A connected node-postgres client. */
interface PgClient {
  connect(): Promise<unknown>
  query(sql: string, params?: unknown[]): Promise<unknown>
  end(): Promise<void>
}

/** A node-postgres Pool, as an instance's `database` option holds it: it knows its client class and options. */
interface PgPool {
  Client: new (options: object) => PgClient
  options: object
  totalCount: number
}

/** Any number that names kit-auth's migration lock among the app's own advisory locks. */
export const MIGRATION_LOCK = 7_346_021_118

/**
 * Holds a PostgreSQL session-level advisory lock while migrations run, when the instance's
 * database is a node-postgres Pool (kit-auth's `--db postgres`); null for anything else. The lock
 * has a connection of its own, outside the pool: with `DATABASE_POOL_MAX=1` the migration still
 * gets the pool's only connection.
 */
export async function postgresMigrationLock(database: unknown): Promise<{ release(): Promise<void> } | null> {
  const pool = database as Partial<PgPool> | null | undefined
  if (typeof pool?.Client !== 'function' || typeof pool.options !== 'object' || typeof pool.totalCount !== 'number')
    return null
  const client = new pool.Client(pool.options)
  await client.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
  } catch (error) {
    await client.end()
    throw error
  }
  return {
    async release() {
      try {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
      } finally {
        await client.end()
      }
    },
  }
}
