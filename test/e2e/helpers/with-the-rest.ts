/**
 * Item 6 of the sign-in methods: a session, whichever way it was opened (password and code, OpenID
 * Connect, magic link, passkey), works with the rest of kit-auth like any other.
 */
import { expect } from 'vitest'
import { FN, type AppClient, type CookieJar } from './http.js'

/**
 * The session in `jar` (of `email`) mints an API token, which then opens that user's session without
 * a cookie; an organization it creates (`slug`) becomes its organization context.
 */
export async function expectSessionWorksWithTheRest(
  client: AppClient,
  jar: CookieJar,
  email: string,
  slug: string,
): Promise<void> {
  const created = await client.fn(FN.createApiToken, { jar, data: { name: `from-${slug}` } })
  expect(created.status, created.body).toBe(200)
  const { token } = created.result as { token: string }
  expect(token).toMatch(/^sk_live_/)
  const byToken = await client.fn(FN.fetchSession, { token, originHeaders: {} })
  expect(byToken.result).toMatchObject({ user: { email } })

  expect((await client.fn(FN.fetchAccountContext, { jar })).result).toMatchObject({ isPersonal: true })
  const organization = await client.authApi('/organization/create', { name: slug, slug }, jar)
  expect(organization.status, organization.body).toBe(200)
  const { id } = organization.json as { id: string }
  const context = await client.fn(FN.fetchAccountContext, { jar })
  expect(context.result).toMatchObject({ isOrganization: true, activeOrganizationId: id })
}
