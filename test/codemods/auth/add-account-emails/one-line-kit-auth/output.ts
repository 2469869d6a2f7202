import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { authEmails, sendEmail } from '#/lib/auth/email'

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  emailAndPassword: {
    enabled: true,
    // No session until the address is verified (a new link is sent on each attempt).
    requireEmailVerification: true,
    // /forgot-password sends the link, /reset-password uses it (once, within an hour).
    sendResetPassword: async ({ user, url }) => sendEmail(authEmails.resetPassword(user.email, url)),
    resetPasswordTokenExpiresIn: 60 * 60,
    // A reset signs the user out everywhere (and revokes their API tokens).
    revokeSessionsOnPasswordReset: true,
  },
  user: {
    additionalFields: {
      deactivatedAt: { type: 'date', required: false, input: false },
    },
    // The new address is used once its owner follows the link sent to it.
    changeEmail: { enabled: true },
  },
  plugins: [tanstackStartCookies()],
  // Sent on sign-up and on request; the link verifies the address and signs the user in.
  emailVerification: {
    sendOnSignUp: true,
    autoSignInAfterVerification: true,
    sendVerificationEmail: async ({ user, url }) => sendEmail(authEmails.verifyEmail(user.email, url)),
  },
})
