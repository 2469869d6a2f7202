import { betterAuth } from 'better-auth'

export const auth = betterAuth({
  socialProviders: {
    // our own GitHub app, with its own scopes
    github: {
      clientId: process.env.GH_ID as string,
      clientSecret: process.env.GH_SECRET as string,
      scope: ['read:org'],
    }
  },
  account: {
    accountLinking: {
      enabled: true,
      trustedProviders: ['github'],
    },
  },
})
