import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { pool } from './db'
import { redisStorage } from '#/lib/auth/redis'

const options = {
  database: pool,
  // rate limits: the defaults
  rateLimit: {
    enabled: true,
    storage: 'secondary-storage',
  },
  // Sessions and rate limits shared by every instance (lib/auth/redis.ts, REDIS_URL).
  secondaryStorage: redisStorage,
  // Sessions stay in the database too: it answers while Redis is down.
  session: {
    storeSessionInDatabase: true,
  },
  // Email links and codes outlive a Redis restart.
  verification: {
    storeInDatabase: true,
  },
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
