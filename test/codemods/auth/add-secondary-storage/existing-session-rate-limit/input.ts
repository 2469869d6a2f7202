import { betterAuth } from 'better-auth'
import { db } from '#/db'

export const auth = betterAuth({
  database: db,
  session: {
    expiresIn: 60 * 60 * 24 * 30, // thirty days
    storeSessionInDatabase: false,
  },
  rateLimit: {
    window: 60,
    max: 50,
  },
  verification: { disableCleanup: true },
})
