import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware } from 'better-auth/api'
import { deleteSessionCookie } from 'better-auth/cookies'

// Server only. A Better Auth plugin of kit-auth's own that
// - locks deactivated and banned users out of Better Auth itself, not only out
//   of getSession(): no new session (sign-in, impersonation), and a session
//   cookie of theirs opens no /api/auth/* endpoint (get-session, update-user,
//   change-password, organization, admin...). Their sessions are revoked the
//   first time one is used. Holds with session.cookieCache and with secondary
//   storage: the user row is read from the database then;
// - limits failed email sign-ins per account (SIGN_IN_FAILURES), on top of
//   Better Auth's per-address rate limit.

/** The user fields that lock a user out (`banned`/`banExpires` come with the admin plugin). */
export interface LockoutFields {
  deactivatedAt?: Date | string | null
  banned?: boolean | null
  banExpires?: Date | string | null
}

/** True for a deactivated user, or a banned one whose ban has not expired. */
export function isLockedOut(user: LockoutFields) {
  if (user.deactivatedAt) return true
  if (!user.banned) return false
  // The admin plugin lets bans expire; an expired ban no longer blocks.
  return !user.banExpires || new Date(user.banExpires).getTime() > Date.now()
}

const ACCOUNT_LOCKED = {
  message: 'This account is deactivated',
  code: 'ACCOUNT_DEACTIVATED',
}

/**
 * Failed email sign-ins allowed per account in a window: however many addresses
 * an attacker rotates through, one account's password gets this many guesses.
 */
export const SIGN_IN_FAILURES = { max: 10, windowSeconds: 15 * 60 }

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0]

/** Revokes every session of the user (the method's name changed in better-auth 1.6.13). */
export async function revokeUserSessions(
  context: Pick<HookContext['context'], 'internalAdapter'>,
  userId: string,
) {
  const sessions = context.internalAdapter as unknown as {
    deleteUserSessions?: (userId: string) => Promise<void>
    deleteSessions: (userIdOrTokens: string | string[]) => Promise<void>
  }
  await (sessions.deleteUserSessions
    ? sessions.deleteUserSessions(userId)
    : sessions.deleteSessions(userId))
}

async function lockOut(ctx: HookContext, userId: string) {
  await revokeUserSessions(ctx.context, userId)
  deleteSessionCookie(ctx)
}

/** The user, read from the database when the session came from a cache. */
async function currentUser(
  ctx: HookContext,
  user: { id: string } & LockoutFields,
  cached: boolean,
) {
  const options = ctx.context.options
  if (!cached && !options.secondaryStorage) return user
  return ctx.context.internalAdapter.findUserById(
    user.id,
  ) as Promise<LockoutFields | null>
}

/**
 * One row per sign-in attempt in flight or failed, in the verification table
 * (inserted, never updated: concurrent attempts cannot lose a count).
 */
function failuresKey(ctx: HookContext) {
  const email = (ctx.body as { email?: unknown } | undefined)?.email
  return typeof email === 'string'
    ? `kit-auth-sign-in-failure:${email.trim().toLowerCase()}`
    : null
}

/** The attempt row a request reserved, for its after hook. */
const ATTEMPT = Symbol('kit-auth sign-in attempt')
type WithAttempt = { [ATTEMPT]?: string }

/**
 * With secondary storage the count is a key there (Better Auth keeps no verification table then):
 * read, then written, so a burst of parallel guesses can get past the limit.
 */
async function reserveInStorage(ctx: HookContext, key: string) {
  const storage = ctx.context.secondaryStorage!
  const count = Number(await storage.get(key)) || 0
  if (count >= SIGN_IN_FAILURES.max) return false
  await storage.set(key, String(count + 1), SIGN_IN_FAILURES.windowSeconds)
  const reserved = ctx.context as WithAttempt
  reserved[ATTEMPT] = key
  return true
}

/** Reserves this attempt first, then counts: a burst of parallel guesses is refused past the limit too. */
async function reserveAttempt(ctx: HookContext, key: string) {
  if (ctx.context.secondaryStorage) return reserveInStorage(ctx, key)
  const now = new Date()
  const row = await ctx.context.adapter.create<
    Record<string, unknown>,
    { id: string }
  >({
    model: 'verification',
    data: {
      identifier: key,
      value: 'attempt',
      expiresAt: new Date(
        now.getTime() + SIGN_IN_FAILURES.windowSeconds * 1000,
      ),
      createdAt: now,
      updatedAt: now,
    },
  })
  const attempts = await ctx.context.adapter.count({
    model: 'verification',
    where: [
      { field: 'identifier', value: key },
      { field: 'expiresAt', operator: 'gt', value: now },
    ],
  })
  if (attempts <= SIGN_IN_FAILURES.max) {
    const reserved = ctx.context as WithAttempt
    reserved[ATTEMPT] = row.id
    return true
  }
  await ctx.context.adapter.delete({
    model: 'verification',
    where: [{ field: 'id', value: row.id }],
  })
  return false
}

/** A wrong password keeps its row; a sign-in clears them all; any other outcome drops its own. */
async function settleAttempt(ctx: HookContext, key: string) {
  const id = (ctx.context as WithAttempt)[ATTEMPT]
  if (!id) return
  const returned = ctx.context.returned as { statusCode?: number } | null
  if (returned?.statusCode === 401) return
  if (ctx.context.secondaryStorage) {
    if (returned && !returned.statusCode)
      await ctx.context.secondaryStorage.delete(key)
    return
  }
  const where =
    returned && !returned.statusCode
      ? [{ field: 'identifier', value: key }]
      : [{ field: 'id', value: id }]
  await ctx.context.adapter.deleteMany({ model: 'verification', where })
}

export const accountLockout = () =>
  ({
    id: 'account-lockout',
    init(initContext) {
      return {
        options: {
          databaseHooks: {
            session: {
              create: {
                // No new session for a locked-out user.
                async before(session, context) {
                  const adapter =
                    context?.context.internalAdapter ??
                    initContext.internalAdapter
                  const user = await adapter.findUserById(session.userId)
                  if (user && isLockedOut(user as LockoutFields)) {
                    throw new APIError('FORBIDDEN', ACCOUNT_LOCKED)
                  }
                },
              },
            },
          },
        },
      }
    },
    hooks: {
      before: [
        {
          // Too many failed sign-ins on this account: refused until the window ends.
          matcher: (context) => context.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            const key = failuresKey(ctx)
            if (!key || (await reserveAttempt(ctx, key))) return
            throw new APIError('TOO_MANY_REQUESTS', {
              message:
                'Too many failed sign-ins for this account. Try again later.',
              code: 'TOO_MANY_FAILED_SIGN_INS',
            })
          }),
        },
        {
          // get-session is checked after it ran (below): no second lookup.
          matcher: (context) => context.path !== '/get-session',
          handler: createAuthMiddleware(async (ctx) => {
            const name = ctx.context.authCookies.sessionToken.name
            if (!ctx.headers?.get('cookie')?.includes(name)) return
            const token = await ctx.getSignedCookie(name, ctx.context.secret)
            if (!token) return
            const found = await ctx.context.internalAdapter.findSession(token)
            if (found) {
              const user = await currentUser(
                ctx,
                found.user as { id: string } & LockoutFields,
                false,
              )
              if (user && !isLockedOut(user)) return
              await lockOut(ctx, found.session.userId)
            }
            // A locked-out user, or a session already revoked (whose copy in a
            // cookie cache Better Auth would still accept): the endpoint runs as
            // for an anonymous caller.
            const headers = new Headers(ctx.headers)
            headers.set('cookie', '')
            return { context: { headers } }
          }),
        },
      ],
      after: [
        {
          matcher: (context) => context.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            const key = failuresKey(ctx)
            if (key) await settleAttempt(ctx, key)
          }),
        },
        {
          matcher: (context) => context.path === '/get-session',
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as {
              user?: { id: string } & LockoutFields
            } | null
            if (!returned?.user?.id) return
            const cached = Boolean(
              ctx.context.options.session?.cookieCache?.enabled,
            )
            const user = await currentUser(ctx, returned.user, cached)
            if (user && !isLockedOut(user)) return
            await lockOut(ctx, returned.user.id)
            throw new APIError('UNAUTHORIZED', ACCOUNT_LOCKED)
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin
