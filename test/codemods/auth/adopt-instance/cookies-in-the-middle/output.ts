import { betterAuth } from 'better-auth'
import {
  admin as adminPlugin,
  username,
  organization,
} from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { pool } from './db'
import { apiTokens } from '#/lib/auth/api-tokens'

/** The app's auth. */
export const auth = betterAuth({
  database: pool,
  socialProviders: {
    github: {
      clientId: process.env.GITHUB_CLIENT_ID!,
      clientSecret: process.env.GITHUB_CLIENT_SECRET!,
    },
  },
  plugins: [
    adminPlugin({ adminRoles: ['admin', 'owner'] }),
    username(), // usernames
    organization(),
    apiTokens(),
    // cookies for TanStack Start
    tanstackStartCookies() // should be last
  ],
  user: {
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
})
