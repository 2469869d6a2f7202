import { betterAuth } from 'better-auth'
import { admin, organization } from 'better-auth/plugins'
import { apiTokens } from '#/lib/auth/api-tokens'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { Pool } from 'pg'

export const auth = betterAuth({
  database: new Pool({ connectionString: process.env.DATABASE_URL }),
  plugins: [
    admin(),
    organization(),
    apiTokens(),
    tanstackStartCookies(),
  ],
  user: {
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
})
