import { betterAuth } from 'better-auth'
import { authEmails, sendEmail } from '#/lib/auth/email'

export const auth = betterAuth({
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
