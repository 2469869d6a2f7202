import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { customSession } from 'better-auth/plugins'

const options = {
  emailAndPassword: { enabled: true },
  plugins: [],
} satisfies BetterAuthOptions

export const auth = betterAuth({
  ...options,
  plugins: [...options.plugins, customSession(async ({ user, session }) => ({ user, session }), options)],
})
