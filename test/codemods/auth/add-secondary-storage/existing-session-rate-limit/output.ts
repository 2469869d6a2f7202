import { betterAuth } from 'better-auth'
import { db } from '#/db'
import { redisStorage } from '#/lib/auth/redis'

export const auth = betterAuth({
  database: db,
  session: {
    expiresIn: 60 * 60 * 24 * 30, // thirty days
    storeSessionInDatabase: false,
  },
  rateLimit: {
    window: 60,
    max: 50,
    storage: 'secondary-storage',
  },
  verification: {
    disableCleanup: true,
    storeInDatabase: true,
  },
  // Sessions and rate limits shared by every instance (lib/auth/redis.ts, REDIS_URL).
  secondaryStorage: redisStorage,
})
