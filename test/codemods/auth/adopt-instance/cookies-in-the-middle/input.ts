import { betterAuth } from 'better-auth'
import { admin as adminPlugin, username } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { pool } from './db'

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
    // cookies for TanStack Start
    tanstackStartCookies(), // should be last
    username() // usernames
  ],
})
