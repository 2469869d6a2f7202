import { betterAuth } from 'better-auth'
import { admin, organization } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import Database from 'better-sqlite3'

export const auth = betterAuth({
  database: new Database('./sqlite.db'),
  user: {
    modelName: 'users',
    additionalFields: {
      plan: { type: 'string', required: false, defaultValue: 'free' },
    },
  },
  plugins: [admin(), organization(), tanstackStartCookies()],
})
