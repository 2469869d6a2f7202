import { auth } from './auth'
import { authAction, httpError } from './action-middleware'
import {
  API_TOKEN_SCOPES,
  DEFAULT_API_TOKEN_DAYS,
  DEFAULT_API_TOKEN_SCOPES,
  MAX_API_TOKEN_DAYS,
  type ApiTokenScope,
} from './api-token-policy'
import {
  issueApiToken,
  listUserApiTokens,
  revokeUserApiToken,
} from './api-tokens'
import type { Session } from './session'

// Managing tokens needs a browser (cookie) session: a token cannot mint,
// list or revoke tokens, so a leaked token cannot entrench itself.
function requireCookieSession(session: Session['session']) {
  if (!session) throw httpError(403, 'API tokens cannot manage API tokens')
  return session
}

// Minting also needs the user themself (not an admin impersonating them) and a
// recent sign-in: Better Auth's `session.freshAge` (one day unless configured;
// 0 turns the check off), counted from when the session was created.
async function requireFreshOwnSession(session: Session['session']) {
  const current = requireCookieSession(session)
  if ((current as { impersonatedBy?: string | null }).impersonatedBy)
    throw httpError(403, 'API tokens cannot be created while impersonating')
  const { sessionConfig } = await auth.$context
  const age = Date.now() - new Date(current.createdAt).getTime()
  if (sessionConfig.freshAge > 0 && age > sessionConfig.freshAge * 1000)
    throw httpError(403, 'Sign in again to create an API token')
}

export const createApiToken = authAction()
  .validator(
    (input: {
      name: string
      expiresInDays?: number
      scopes?: ApiTokenScope[]
    }) => {
      const name = typeof input?.name === 'string' ? input.name.trim() : ''
      if (!name || name.length > 100) throw httpError(400, 'Invalid token name')
      const days = input.expiresInDays ?? DEFAULT_API_TOKEN_DAYS
      if (!Number.isInteger(days) || days < 1 || days > MAX_API_TOKEN_DAYS)
        throw httpError(400, `Expiry must be 1 to ${MAX_API_TOKEN_DAYS} days`)
      const scopes = input.scopes ?? DEFAULT_API_TOKEN_SCOPES
      const known = (scope: unknown) =>
        API_TOKEN_SCOPES.some((candidate) => candidate === scope)
      if (!Array.isArray(scopes) || !scopes.length || !scopes.every(known))
        throw httpError(
          400,
          `Scopes must be among ${API_TOKEN_SCOPES.join(', ')}`,
        )
      return { name, expiresInDays: days, scopes }
    },
  )
  .handler(async ({ data, context }) => {
    await requireFreshOwnSession(context.session)
    const { adapter } = await auth.$context
    return issueApiToken(adapter, {
      userId: context.user.id,
      name: data.name,
      scopes: data.scopes,
      expiresAt: new Date(Date.now() + data.expiresInDays * 86_400_000),
    })
  })

export const listApiTokens = authAction({ method: 'GET' }).handler(
  async ({ context }) => {
    requireCookieSession(context.session)
    const { adapter } = await auth.$context
    return listUserApiTokens(adapter, context.user.id)
  },
)

export const revokeApiToken = authAction()
  .validator((input: { id: string }) => {
    if (typeof input?.id !== 'string' || !input.id)
      throw new Error('Invalid id')
    return { id: input.id }
  })
  .handler(async ({ data, context }) => {
    requireCookieSession(context.session)
    const { adapter } = await auth.$context
    const revoked = await revokeUserApiToken(adapter, {
      userId: context.user.id,
      id: data.id,
    })
    return { revoked }
  })
