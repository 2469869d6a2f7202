import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true },
  user: {
    additionalFields: {
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
  plugins: [tanstackStartCookies()],
})
