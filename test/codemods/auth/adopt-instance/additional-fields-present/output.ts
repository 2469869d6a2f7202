import { betterAuth } from 'better-auth'
import { admin, organization } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import Database from 'better-sqlite3'
import { apiTokens } from '#/lib/auth/api-tokens'

export const auth = betterAuth({
  database: new Database('./sqlite.db'),
  user: {
    modelName: 'users',
    additionalFields: {
      plan: { type: 'string', required: false, defaultValue: 'free' },
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
  plugins: [admin(), organization(), apiTokens(), tanstackStartCookies()],
})
