import { createHash, randomBytes } from 'node:crypto'
import type { BetterAuthPlugin, DBAdapter } from 'better-auth'
import { createAuthMiddleware } from 'better-auth/api'
import {
  API_TOKEN_SCOPES,
  DEFAULT_API_TOKEN_SCOPES,
  type ApiTokenScope,
} from './api-token-policy'

// Server only. API tokens are a small Better Auth plugin of our own: the plugin
// declares the `apiToken` table (so `getMigrations` creates and extends it) and
// revokes a user's tokens when their password changes; the helpers below read
// and write the table through the auth instance's adapter.

export const API_TOKEN_PREFIX = 'sk_live_'

/** What the choke point knows about a token caller (`Session['apiToken']`). */
export interface ApiTokenGrant {
  id: string
  scopes: ApiTokenScope[]
}

/** The adapter methods the helpers use (any auth instance's adapter fits). */
type TokenStore = Pick<
  DBAdapter,
  'create' | 'findOne' | 'findMany' | 'update' | 'delete' | 'deleteMany'
>

export interface ApiToken {
  id: string
  userId: string
  name: string
  /** First characters of the token, safe to display ("sk_live_AbCd"). */
  start: string
  /** SHA-256 (hex) of the full token; the plaintext is never stored. */
  keyHash: string
  /** Comma-separated scopes; null for tokens made before scopes existed. */
  scopes: string | null
  expiresAt: Date | null
  lastUsedAt: Date | null
  createdAt: Date
}

/** What the UI may see: everything but the hash, scopes as a list. */
export type ApiTokenSummary = Omit<ApiToken, 'keyHash' | 'scopes'> & {
  scopes: ApiTokenScope[]
}

// Better Auth endpoints that set a user's password: their tokens go with the old one.
const PASSWORD_PATHS = [
  '/change-password',
  '/set-password',
  '/reset-password',
  '/admin/set-user-password',
]

export const apiTokens = () => {
  // /reset-password: whose password it is comes from the reset token, which the
  // endpoint consumes; read it before, act after (only when the reset succeeded).
  const resets = new Map<string, string>()
  return {
    id: 'api-tokens',
    schema: {
      apiToken: {
        fields: {
          userId: {
            type: 'string',
            required: true,
            index: true,
            references: { model: 'user', field: 'id', onDelete: 'cascade' },
          },
          name: { type: 'string', required: true },
          start: { type: 'string', required: true },
          keyHash: { type: 'string', required: true, unique: true },
          scopes: { type: 'string', required: false },
          expiresAt: { type: 'date', required: false },
          lastUsedAt: { type: 'date', required: false },
          createdAt: { type: 'date', required: true },
        },
      },
    },
    hooks: {
      before: [
        {
          matcher: (context) => context.path === '/reset-password',
          handler: createAuthMiddleware(async (ctx) => {
            const token = resetToken(ctx.body, ctx.query)
            if (!token) return
            const verification =
              await ctx.context.internalAdapter.findVerificationValue(
                `reset-password:${token}`,
              )
            if (!verification) return
            if (resets.size >= 1000) resets.clear() // abandoned resets never pile up
            resets.set(token, verification.value)
          }),
        },
      ],
      after: [
        {
          matcher: (context) => PASSWORD_PATHS.includes(context.path ?? ''),
          handler: createAuthMiddleware(async (ctx) => {
            const token = resetToken(ctx.body, ctx.query)
            const resetUserId = token ? resets.get(token) : undefined
            if (token) resets.delete(token)
            if (ctx.context.returned instanceof Error) return
            const userId =
              ctx.path === '/reset-password'
                ? resetUserId
                : ctx.path === '/admin/set-user-password'
                  ? stringField(ctx.body, 'userId')
                  : ctx.context.session?.user.id
            if (userId) await revokeUserApiTokens(ctx.context.adapter, userId)
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin
}

function stringField(source: unknown, key: string) {
  const value = (source as Record<string, unknown> | undefined)?.[key]
  return typeof value === 'string' && value ? value : undefined
}

function resetToken(body: unknown, query: unknown) {
  return stringField(body, 'token') ?? stringField(query, 'token')
}

export function hashApiToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

export function isApiToken(value: string) {
  return value.startsWith(API_TOKEN_PREFIX)
}

/** The stored scopes; a token made before scopes existed (null) reads and writes. */
export function parseApiTokenScopes(value: string | null | undefined) {
  if (value === null || value === undefined)
    return [...DEFAULT_API_TOKEN_SCOPES]
  return API_TOKEN_SCOPES.filter((scope) => value.split(',').includes(scope))
}

/** Whether a token with `scopes` may make a request with this HTTP method. */
export function apiTokenAllowsMethod(scopes: ApiTokenScope[], method: string) {
  const reads = ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())
  return scopes.includes(reads ? 'read' : 'write')
}

function toSummary({
  keyHash: _keyHash,
  scopes,
  ...token
}: ApiToken): ApiTokenSummary {
  return { ...token, scopes: parseApiTokenScopes(scopes) }
}

/** Creates a token and returns its plaintext: the only time it is visible. */
export async function issueApiToken(
  adapter: TokenStore,
  input: {
    userId: string
    name: string
    scopes: ApiTokenScope[]
    expiresAt: Date
  },
) {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url')
  const record = await adapter.create<Omit<ApiToken, 'id'>, ApiToken>({
    model: 'apiToken',
    data: {
      userId: input.userId,
      name: input.name,
      start: token.slice(0, API_TOKEN_PREFIX.length + 4),
      keyHash: hashApiToken(token),
      scopes: API_TOKEN_SCOPES.filter((scope) =>
        input.scopes.includes(scope),
      ).join(','),
      expiresAt: input.expiresAt,
      lastUsedAt: null,
      createdAt: new Date(),
    },
  })
  return { token, apiToken: toSummary(record) }
}

export async function listUserApiTokens(adapter: TokenStore, userId: string) {
  const tokens = await adapter.findMany<ApiToken>({
    model: 'apiToken',
    where: [{ field: 'userId', value: userId }],
    sortBy: { field: 'createdAt', direction: 'desc' },
  })
  return tokens.map(toSummary)
}

/** Revoking deletes the row; returns false when the user owns no such token. */
export async function revokeUserApiToken(
  adapter: TokenStore,
  input: { userId: string; id: string },
) {
  const where = [
    { field: 'id', value: input.id },
    { field: 'userId', value: input.userId },
  ]
  const existing = await adapter.findOne<ApiToken>({ model: 'apiToken', where })
  if (!existing) return false
  await adapter.delete({ model: 'apiToken', where })
  return true
}

/**
 * Revokes every token of a user (password change or reset, deactivation).
 *
 * @example await revokeUserApiTokens((await auth.$context).adapter, userId)
 */
export async function revokeUserApiTokens(adapter: TokenStore, userId: string) {
  return adapter.deleteMany({
    model: 'apiToken',
    where: [{ field: 'userId', value: userId }],
  })
}

/** Resolves a presented token to its owner and scopes, or null if unknown/expired. */
export async function verifyApiToken(adapter: TokenStore, token: string) {
  if (!isApiToken(token)) return null
  const record = await adapter.findOne<ApiToken>({
    model: 'apiToken',
    where: [{ field: 'keyHash', value: hashApiToken(token) }],
  })
  if (!record) return null
  if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) return null
  await adapter.update({
    model: 'apiToken',
    where: [{ field: 'id', value: record.id }],
    update: { lastUsedAt: new Date() },
  })
  return {
    id: record.id,
    userId: record.userId,
    scopes: parseApiTokenScopes(record.scopes),
  }
}
