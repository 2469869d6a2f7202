import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { twoFactor } from 'better-auth/plugins'

export const auth = betterAuth({
  emailAndPassword: { enabled: true },
  plugins: [
    twoFactor(),
    // Must stay last: it forwards Better Auth's Set-Cookie headers to Start.
    tanstackStartCookies(),
  ],
})
