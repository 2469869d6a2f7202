import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { pool } from './db'

const options = {
  database: pool,
  // rate limits: the defaults
  rateLimit: { enabled: true },
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
