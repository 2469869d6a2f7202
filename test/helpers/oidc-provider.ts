/**
 * A real OpenID Connect provider (the `oidc-provider` package, a certified OpenID Provider) in the
 * test process, on a private port. Its development interactions are the sign-in screens: a login
 * form (any login names the account, any password) and a consent screen, driven from Chromium.
 * The port is taken before the app starts (the app needs the issuer in its env); the provider is
 * configured once the app's callback URL is known.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import type { Page } from 'playwright-core'

export interface OidcAccount {
  email: string
  name: string
  emailVerified?: boolean
}

export interface OidcServer {
  /** `http://localhost:<port>`: OIDC_ISSUER. */
  issuer: string
  clientId: string
  clientSecret: string
  /** Registers the app's redirect URIs (the client) and starts answering. */
  configure(redirectUris: string[]): void
  /** The account a login at the provider signs in as (its login is the key). */
  accounts: Map<string, OidcAccount>
  /** Every authorization request the provider received, with its query. */
  authorizations: URLSearchParams[]
  /**
   * When set, rewrites the provider's redirects (its answer to the app's callback included) as an
   * attacker between the two would: the provider itself stays untouched.
   */
  rewriteRedirect: ((location: string) => string) | null
  close(): Promise<void>
}

export async function startOidcProvider(): Promise<OidcServer> {
  let handler: http.RequestListener | null = null
  const authorizations: URLSearchParams[] = []
  const state = { rewriteRedirect: null as ((location: string) => string) | null }
  const server = http.createServer((request, response) => {
    if (request.url?.startsWith('/auth?')) authorizations.push(new URL(request.url, 'http://localhost').searchParams)
    const setHeader = response.setHeader.bind(response)
    response.setHeader = (name, value) => {
      const rewrite = state.rewriteRedirect
      if (rewrite && name.toLowerCase() === 'location' && typeof value === 'string')
        return setHeader(name, rewrite(value))
      return setHeader(name, value)
    }
    if (handler) return handler(request, response)
    response.writeHead(503).end('not configured yet')
  })
  // no host: dual stack, so `localhost` reaches it as ::1 or 127.0.0.1
  await new Promise<void>((resolve) => server.listen(0, resolve))
  const { port } = server.address() as AddressInfo
  const issuer = `http://localhost:${port}`
  const accounts = new Map<string, OidcAccount>()
  const clientId = 'kit-auth-test-app'
  const clientSecret = 'a-client-secret-of-at-least-32-characters'
  return {
    get rewriteRedirect() {
      return state.rewriteRedirect
    },
    set rewriteRedirect(rewrite) {
      state.rewriteRedirect = rewrite
    },
    issuer,
    clientId,
    clientSecret,
    accounts,
    authorizations,
    configure(redirectUris) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: redirectUris,
            token_endpoint_auth_method: 'client_secret_post',
          },
        ],
        pkce: { required: () => true },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        features: { devInteractions: { enabled: true } },
        async findAccount(_context, sub) {
          const account = accounts.get(sub)
          if (!account) return undefined
          return {
            accountId: sub,
            async claims() {
              return {
                sub,
                email: account.email,
                email_verified: account.emailVerified ?? true,
                name: account.name,
              }
            },
          }
        },
      })
      // served over plain http on loopback
      provider.proxy = true
      handler = provider.callback()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * The app's callback path for a generic OAuth provider: /callback/<id> from better-auth 1.7,
 * /oauth2/callback/<id> before (`release`: KIT_AUTH_E2E_BETTER_AUTH, unset for the fixture's 1.7).
 */
export function oidcCallbackPath(release: string | undefined, id = 'oidc'): string {
  const before17 = release !== undefined && !release.startsWith('1.7')
  return before17 ? `/api/auth/oauth2/callback/${id}` : `/api/auth/callback/${id}`
}

/** Signs in at the provider's development login (any password), then consents when asked. */
export async function signInAtProvider(page: Page, oidc: OidcServer, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === oidc.issuer, { timeout: 15_000 })
  await page.fill('input[name="login"]', login)
  await page.fill('input[name="password"]', 'any password')
  await page.click('button[type="submit"]')
  await page.waitForSelector('input[name="login"]', { state: 'detached' })
  // consent (asked on the first authorization of this client by this account)
  await page.waitForLoadState()
  if (new URL(page.url()).origin === oidc.issuer) await page.click('button[type="submit"]')
}
