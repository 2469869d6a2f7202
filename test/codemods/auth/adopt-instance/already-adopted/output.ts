import { betterAuth } from 'better-auth'
import { admin, organization } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { apiTokens } from '#/lib/auth/api-tokens'
import { pool } from './db'

export const auth = betterAuth({
  database: pool,
  user: {
    additionalFields: {
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
  plugins: [admin(), organization(), apiTokens(), tanstackStartCookies()],
})
