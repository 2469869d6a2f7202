// The lock `kit-auth migrate` holds on PostgreSQL (app-runner.ts runs it inside the app).

/** A node-postgres Pool, as an instance's `database` option holds it. */
interface PgPool {
  connect(): Promise<{ query(sql: string, params?: unknown[]): Promise<unknown>; release(): void }>
  totalCount: number
}

/** Any number that names kit-auth's migration lock among the app's own advisory locks. */
export const MIGRATION_LOCK = 7_346_021_118

/**
 * Holds a PostgreSQL session-level advisory lock while migrations run, when the instance's
 * database is a node-postgres Pool (kit-auth's `--db postgres`); null for anything else.
 */
export async function postgresMigrationLock(database: unknown): Promise<{ release(): Promise<void> } | null> {
  const pool = database as Partial<PgPool> | null | undefined
  if (typeof pool?.connect !== 'function' || typeof pool.totalCount !== 'number') return null
  const client = await (pool as PgPool).connect()
  await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
  return {
    async release() {
      try {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
      } finally {
        client.release()
      }
    },
  }
}
