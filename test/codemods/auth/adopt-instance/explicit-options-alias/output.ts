import Database from 'better-sqlite3'
import { betterAuth } from 'better-auth'
import type { BetterAuthOptions } from 'better-auth/types'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { admin, organization } from 'better-auth/plugins'
import { apiTokens } from '#/lib/auth/api-tokens'

type ShopAuthOptions = BetterAuthOptions & { appName: string }

const options = {
  appName: 'Shop',
  database: new Database('./app.db'),
  emailAndPassword: { enabled: true },
  plugins: [admin(), organization(), apiTokens(), tanstackStartCookies()],
  user: {
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
}

export const auth = betterAuth(options satisfies ShopAuthOptions)
