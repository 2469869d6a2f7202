import { betterAuth } from 'better-auth'
import { admin } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { accountLockout } from './lockout'

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true },
  plugins: [
    admin(),
    // Deactivated and banned users get no session and no /api/auth/* call.
    accountLockout(),
    // Must stay last: it forwards Better Auth's Set-Cookie headers to Start.
    tanstackStartCookies(),
  ],
})
