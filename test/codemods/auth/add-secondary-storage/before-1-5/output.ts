import { betterAuth } from 'better-auth'
import { reactStartCookies } from 'better-auth/react-start'
import Database from 'better-sqlite3'
import { redisStorage } from '#/lib/auth/redis'

export const auth = betterAuth({
  database: new Database('./data/auth.db'),
  plugins: [reactStartCookies()],
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
})
