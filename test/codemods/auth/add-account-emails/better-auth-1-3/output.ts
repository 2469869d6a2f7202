import { betterAuth } from 'better-auth'
import { reactStartCookies } from 'better-auth/react-start'
import { authEmails, sendEmail } from '#/lib/auth/email'

export const auth = betterAuth({
  emailAndPassword: {
    enabled: true,
    // /forgot-password sends the link, /reset-password uses it (once, within an hour).
    sendResetPassword: async ({ user, url }) => sendEmail(authEmails.resetPassword(user.email, url)),
    resetPasswordTokenExpiresIn: 60 * 60,
    // A reset signs the user out everywhere (and revokes their API tokens).
    revokeSessionsOnPasswordReset: true,
  },
  plugins: [reactStartCookies()],
  // Sent on sign-up and on request; the link verifies the address (no sign-in by link on this release).
  emailVerification: {
    sendOnSignUp: true,
    sendVerificationEmail: async ({ user, url }) => sendEmail(authEmails.verifyEmail(user.email, url)),
  },
  user: {
    // The new address is used once its owner follows the link sent to it.
    changeEmail: {
      enabled: true,
      sendChangeEmailVerification: async ({ newEmail, url }) =>
        sendEmail(authEmails.verifyEmail(newEmail, url)),
    },
  },
})
