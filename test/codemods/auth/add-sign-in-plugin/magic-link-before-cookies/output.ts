import { betterAuth } from 'better-auth'
import { admin, magicLink } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { accountLockout } from './lockout'
import { sendEmail } from './email'
import { magicLinkEmail } from './magic-link-email'

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  emailAndPassword: { enabled: true },
  plugins: [
    admin(),
    // Deactivated and banned users get no session and no /api/auth/* call.
    accountLockout(),
    magicLink({
      sendMagicLink: async ({ email, url }) => sendEmail(magicLinkEmail(email, url)),
    }),
    // Must stay last: it forwards Better Auth's Set-Cookie headers to Start.
    tanstackStartCookies(),
  ],
})
