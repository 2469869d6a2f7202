import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { reactStartCookies } from 'better-auth/react-start'

export const auth = betterAuth({
  plugins: [reactStartCookies()],
})
