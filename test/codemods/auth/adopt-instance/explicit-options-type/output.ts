import Database from 'better-sqlite3'
import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { admin, organization } from 'better-auth/plugins'
import { apiTokens } from '#/lib/auth/api-tokens'

export const auth = betterAuth({
  database: new Database('./app.db'),
  emailAndPassword: { enabled: true },
  plugins: [admin(), organization(), apiTokens(), tanstackStartCookies()],
  user: {
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
} satisfies BetterAuthOptions)
