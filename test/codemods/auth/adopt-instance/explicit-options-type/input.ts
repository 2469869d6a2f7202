import Database from 'better-sqlite3'
import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth<BetterAuthOptions>({
  database: new Database('./app.db'),
  emailAndPassword: { enabled: true },
  plugins: [tanstackStartCookies()],
})
