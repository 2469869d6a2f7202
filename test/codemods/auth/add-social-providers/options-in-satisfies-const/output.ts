import { betterAuth, type BetterAuthOptions } from 'better-auth'

const options = {
  emailAndPassword: { enabled: true },
  socialProviders: {
    google: {
      clientId: process.env.GOOGLE_CLIENT_ID ?? '',
    },
  },
  account: {
    accountLinking: {
      // Links a provider account to the user with the same email when the provider
      // says it verified that email, or is trusted here to have verified it.
      enabled: true,
      trustedProviders: ['google'],
    },
  },
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
