import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { customSession } from 'better-auth/plugins'
import { authEmails, sendEmail } from '#/lib/auth/email'

const options = {
  emailAndPassword: {
    enabled: true,
    // /forgot-password sends the link, /reset-password uses it (once, within an hour).
    sendResetPassword: async ({ user, url }) => sendEmail(authEmails.resetPassword(user.email, url)),
    resetPasswordTokenExpiresIn: 60 * 60,
    // A reset signs the user out everywhere (and revokes their API tokens).
    revokeSessionsOnPasswordReset: true,
  },
  plugins: [],
} satisfies BetterAuthOptions

export const auth = betterAuth({
  ...options,
  plugins: [...options.plugins, customSession(async ({ user, session }) => ({ user, session }), options)],
  // Sent on sign-up and on request; the link verifies the address and signs the user in.
  emailVerification: {
    sendOnSignUp: true,
    autoSignInAfterVerification: true,
    sendVerificationEmail: async ({ user, url }) => sendEmail(authEmails.verifyEmail(user.email, url)),
  },
  user: {
    // The new address is used once its owner follows the link sent to it.
    changeEmail: { enabled: true },
  },
})
