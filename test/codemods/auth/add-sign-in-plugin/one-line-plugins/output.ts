import { betterAuth } from 'better-auth'
import { admin, genericOAuth } from 'better-auth/plugins'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({ plugins: [
  admin(),
  genericOAuth({
    config: [
      {
        // Any OpenID Connect provider (Keycloak, Auth0, Okta, Entra ID, Zitadel,
        // authentik): its endpoints come from the issuer's discovery document.
        providerId: 'oidc',
        discoveryUrl: `${(process.env.OIDC_ISSUER ?? '').replace(/\/$/, '')}/.well-known/openid-configuration`,
        clientId: process.env.OIDC_CLIENT_ID ?? '',
        clientSecret: process.env.OIDC_CLIENT_SECRET ?? '',
        scopes: ['openid', 'profile', 'email'],
        pkce: true,
      },
    ],
  }),
  tanstackStartCookies(),
] })
