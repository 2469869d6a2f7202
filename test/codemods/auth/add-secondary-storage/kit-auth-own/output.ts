import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { Pool } from 'pg'
import { accountLockout } from './lockout'
import { redisStorage } from '#/lib/auth/redis'

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  database: new Pool({ connectionString: process.env.DATABASE_URL }),
  emailAndPassword: { enabled: true },
  plugins: [
    // Deactivated and banned users get no session and no /api/auth/* call.
    accountLockout(),
    // Must stay last: it forwards Better Auth's Set-Cookie headers to Start.
    tanstackStartCookies(),
  ],
  // Sessions and rate limits shared by every instance (lib/auth/redis.ts, REDIS_URL).
  secondaryStorage: redisStorage,
  // Sessions stay in the database too: it answers while Redis is down.
  session: {
    storeSessionInDatabase: true,
  },
  // One count per client across instances.
  rateLimit: {
    storage: 'secondary-storage',
  },
  // Email links and codes outlive a Redis restart.
  verification: {
    storeInDatabase: true,
  },
})
