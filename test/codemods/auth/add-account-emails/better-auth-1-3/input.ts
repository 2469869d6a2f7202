import { betterAuth } from 'better-auth'
import { reactStartCookies } from 'better-auth/react-start'

export const auth = betterAuth({
  emailAndPassword: {
    enabled: true,
  },
  plugins: [reactStartCookies()],
})
