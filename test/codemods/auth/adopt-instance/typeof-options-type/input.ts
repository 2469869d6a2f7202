import Database from 'better-sqlite3'
import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

const options = {
  database: new Database('./app.db'),
  emailAndPassword: { enabled: true },
  plugins: [tanstackStartCookies()],
}

export const auth = betterAuth<typeof options>(options)
