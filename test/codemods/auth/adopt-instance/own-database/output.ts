import { betterAuth } from 'better-auth'
import { drizzleAdapter } from 'better-auth/adapters/drizzle'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { db } from '~/db'
import { admin } from 'better-auth/plugins'

export const auth = betterAuth({
  database: drizzleAdapter(db, { provider: 'pg' }),
  plugins: [admin(), tanstackStartCookies()],
  user: {
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
})
