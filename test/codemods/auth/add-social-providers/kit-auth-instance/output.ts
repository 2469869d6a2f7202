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
  socialProviders: {
    github: {
      clientId: process.env.GITHUB_CLIENT_ID ?? '',
    },
    apple: {
      clientId: process.env.APPLE_CLIENT_ID ?? '',
    },
    microsoft: {
      clientId: process.env.MICROSOFT_CLIENT_ID ?? '',
    },
  },
  account: {
    accountLinking: {
      // Links a provider account to the user with the same email when the provider
      // says it verified that email, or is trusted here to have verified it.
      enabled: true,
      trustedProviders: ['github', 'apple'],
    },
  },
})
