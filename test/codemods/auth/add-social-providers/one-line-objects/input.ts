import { betterAuth } from 'better-auth'

export const auth = betterAuth({ socialProviders: { discord: { clientId: 'x', clientSecret: 'y' } }, account: { modelName: 'accounts' } })
