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
        {
          // Any OpenID Connect provider (Keycloak, Auth0, Okta, Entra ID, Zitadel,
          // authentik): its endpoints come from the issuer's discovery document.
          providerId: 'keycloak',
          discoveryUrl: `${(process.env.KEYCLOAK_ISSUER ?? '').replace(/\/$/, '')}/.well-known/openid-configuration`,
          clientId: process.env.KEYCLOAK_CLIENT_ID ?? '',
          clientSecret: process.env.KEYCLOAK_CLIENT_SECRET ?? '',
          scopes: ['openid', 'profile', 'email'],
          pkce: true,
        },
      ],
    }),
    reactStartCookies(),
  ],
})
