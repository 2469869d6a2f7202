import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  emailAndPassword: { enabled: true },
  plugins: [tanstackStartCookies()],
} satisfies BetterAuthOptions)
