import Database from 'better-sqlite3'
import { betterAuth } from 'better-auth'
import type { BetterAuthOptions } from 'better-auth/types'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

type ShopAuthOptions = BetterAuthOptions & { appName: string }

const options = {
  appName: 'Shop',
  database: new Database('./app.db'),
  emailAndPassword: { enabled: true },
  plugins: [tanstackStartCookies()],
}

export const auth = betterAuth<ShopAuthOptions>(options)
