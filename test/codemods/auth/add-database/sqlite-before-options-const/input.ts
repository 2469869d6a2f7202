import { betterAuth } from 'better-auth'

// the options
const options = {
  emailAndPassword: { enabled: true },
}

export const auth = betterAuth(options)
