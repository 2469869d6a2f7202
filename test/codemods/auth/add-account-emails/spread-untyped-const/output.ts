import { betterAuth } from 'better-auth'
import { customSession } from 'better-auth/plugins'

const options = {
  emailAndPassword: { enabled: true },
  plugins: [],
}

export const auth = betterAuth({
  ...options,
  plugins: [...options.plugins, customSession(async ({ user, session }) => ({ user, session }), options)],
})
