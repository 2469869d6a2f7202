import { betterAuth } from 'better-auth'
import { organization, admin } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [organization(), admin(), tanstackStartCookies()],
})
