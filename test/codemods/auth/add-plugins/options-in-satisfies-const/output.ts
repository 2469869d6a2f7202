import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { admin, organization } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

const options = {
  emailAndPassword: { enabled: true },
  plugins: [
    admin(),
    organization(),
    tanstackStartCookies(),
  ],
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
