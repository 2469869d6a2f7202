import { betterAuth, type BetterAuthOptions } from 'better-auth'

const options = {
  emailAndPassword: { enabled: true },
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
