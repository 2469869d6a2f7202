import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { betterAuth } from 'better-auth'
import { admin, organization } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { apiTokens } from './api-tokens'
import { accountLockout } from './lockout'

// Server only: never import this file from client code.

const databasePath = process.env.DATABASE_PATH ?? './data/auth.db'
mkdirSync(dirname(databasePath), { recursive: true })

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  // BETTER_AUTH_SECRET is read from the environment by Better Auth itself.
  trustedOrigins: (process.env.BETTER_AUTH_TRUSTED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
  database: new Database(databasePath),
  emailAndPassword: { enabled: true },
  advanced: {
    // Set by the /api/auth handler from an address the client cannot forge
    // (lib/auth/client-ip.ts): rate limits apply per real client.
    ipAddress: { ipAddressHeaders: ['x-kit-auth-client-ip'] },
  },
  user: {
    additionalFields: {
      // Set by deactivateUser() (session.ts): Better Auth and getSession() lock them out.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
  plugins: [
    admin(),
    organization(),
    apiTokens(),
    // Deactivated and banned users get no session and no /api/auth/* call.
    accountLockout(),
    // Must stay last: it forwards Better Auth's Set-Cookie headers to Start.
    tanstackStartCookies(),
  ],
})
