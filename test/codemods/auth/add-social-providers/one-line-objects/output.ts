import { betterAuth } from 'better-auth'

export const auth = betterAuth({ socialProviders: {
  discord: { clientId: 'x', clientSecret: 'y' },
  gitlab: {
    clientId: process.env.GITLAB_CLIENT_ID ?? '',
  },
}, account: {
  modelName: 'accounts',
  accountLinking: {
    // Links a provider account to the user with the same email when the provider
    // says it verified that email, or is trusted here to have verified it.
    enabled: true,
    trustedProviders: [],
  },
} })
