import { betterAuth, type BetterAuthOptions } from 'better-auth'
import { sendMail } from './mailer'

const options = {
  emailAndPassword: {
    enabled: true,
    // the app's own mailer
    sendResetPassword: async ({ user, url }) => sendMail(user.email, url),
  },
  emailVerification: {
    sendVerificationEmail: async ({ user, url }) => sendMail(user.email, url),
  },
  user: { changeEmail: { enabled: false } },
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
