import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { admin } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

const options = {
  emailAndPassword: { enabled: true },
  plugins: [
    admin(),
    tanstackStartCookies(),
  ],
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
