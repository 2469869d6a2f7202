import { betterAuth } from 'better-auth'
import { pool } from './db'
import { redisStorage } from '#/lib/auth/redis'

export const auth = betterAuth({
  database: pool,
  session: {
    updateAge: 3600,
    storeSessionInDatabase: true,
  },
  // Sessions and rate limits shared by every instance (lib/auth/redis.ts, REDIS_URL).
  secondaryStorage: redisStorage,
  // One count per client across instances.
  rateLimit: {
    storage: 'secondary-storage',
  },
  // Email links and codes outlive a Redis restart.
  verification: {
    storeInDatabase: true,
  },
})
