import { betterAuth } from 'better-auth'
import { genericOAuth } from 'better-auth/plugins'
import { reactStartCookies } from 'better-auth/react-start'

export const auth = betterAuth({
  plugins: [
    genericOAuth({
      config: [
        {
          providerId: 'oidc',
          discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration',
          clientId: 'app',
        },
      ],
    }),
    reactStartCookies(),
  ],
})
