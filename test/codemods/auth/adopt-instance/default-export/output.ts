import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { admin, organization } from 'better-auth/plugins'
import { apiTokens } from '#/lib/auth/api-tokens'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

const databasePath = process.env.DATABASE_PATH ?? './data/auth.db'
mkdirSync(dirname(databasePath), { recursive: true })

export default betterAuth({
  database: new Database(databasePath),
  emailAndPassword: { enabled: true },
  user: {
    modelName: 'users',
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
  plugins: [admin(), organization(), apiTokens(), tanstackStartCookies()],
})
