import { notFound, redirect } from '@tanstack/react-router'
import { getRequest } from '@tanstack/react-start/server'
import { APIError } from 'better-auth/api'
import { parseUserOutput } from 'better-auth/db'
import { auth } from './auth'
import {
  apiTokenAllowsMethod,
  isApiToken,
  revokeUserApiTokens,
  verifyApiToken,
  type ApiTokenGrant,
} from './api-tokens'
import { isLockedOut, revokeUserSessions } from './lockout'

// Server only. The one choke point that decides who the caller is.

type Auth = typeof auth
type CookieSession = NonNullable<Awaited<ReturnType<Auth['api']['getSession']>>>

export type AuthUser = CookieSession['user']

/** The session row without its token: the token is a bearer credential, never handed to app code. */
export type SessionRow = Omit<CookieSession['session'], 'token'>

/** A cookie session carries the session row; an API-token "session" has `session: null`. */
export interface Session {
  user: AuthUser
  session: SessionRow | null
  /** The token an API-token caller presented (its id and scopes); null for a cookie. */
  apiToken?: ApiTokenGrant | null
}

export const SIGN_IN_PATH = '/sign-in'
export const APP_HOME_PATH = '/'
// Keep in sync with admin({ adminRoles }) in auth.ts (the plugin's default).
const ADMIN_ROLES = ['admin']

let sessionLookups = 0

/** Number of real (non-memoized) session lookups since the server started. */
export function getSessionLookupCount() {
  return sessionLookups
}

/** A copy of the session row without `token` (what getSession() returns would otherwise carry it). */
function withoutToken(row: CookieSession['session']): SessionRow {
  const copy: Partial<CookieSession['session']> = { ...row }
  delete copy.token
  return copy as SessionRow
}

/** Better Auth's get-session refuses a locked-out user (lockout.ts): for getSession() that is anonymous. */
function lockedOutAsAnonymous(error: unknown): null {
  if (error instanceof APIError && error.statusCode === 401) return null
  throw error
}

function getBearerToken(headers: Headers) {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')
  return match && isApiToken(match[1]) ? match[1] : null
}

/**
 * Binds getSession()/requireSession() to an auth instance.
 *
 * @example export const { getSession, requireSession } = createAuthSession(auth)
 */
export function createAuthSession(authInstance: Auth) {
  // Keyed on the Request object: every getSession() in one request (guards,
  // loaders, server functions during SSR) shares one lookup.
  const cache = new WeakMap<Request, Promise<Session | null>>()

  /** The session the cookie carries (Better Auth's get-session), without its token. */
  async function fromCookie(headers: Headers): Promise<Session | null> {
    const found = await authInstance.api
      .getSession({
        headers,
        // Never from a cached session cookie: deactivation and bans apply on the next request.
        query: { disableCookieCache: true },
      })
      .catch(lockedOutAsAnonymous)
    return (
      found && {
        user: found.user,
        session: withoutToken(found.session),
        apiToken: null,
      }
    )
  }

  /** The session an API token stands for: its owner, `session: null`, and the token's scopes. */
  async function fromToken(token: string): Promise<Session | null> {
    const context = await authInstance.$context
    const grant = await verifyApiToken(context.adapter, token)
    const user = grant
      ? await context.internalAdapter.findUserById(grant.userId)
      : null
    if (!grant || !user) return null
    // A token's scopes decide which methods it may use: `read` GET, `write` the rest.
    if (!apiTokenAllowsMethod(grant.scopes, getRequest().method))
      throw new Response('This API token lacks the scope for this method', {
        status: 403,
      })
    // The fields getSession() would return (no `returned: false` field), typed loosely.
    return {
      user: parseUserOutput(context.options, user) as AuthUser,
      session: null,
      apiToken: { id: grant.id, scopes: grant.scopes },
    }
  }

  async function lookup(headers: Headers): Promise<Session | null> {
    sessionLookups++
    const token = getBearerToken(headers)
    const session = token ? await fromToken(token) : await fromCookie(headers)
    return session && !isLockedOut(session.user) ? session : null
  }

  /** The current session, or null for anonymous callers. Memoized per request. */
  function getSession(): Promise<Session | null> {
    const request = getRequest()
    let pending = cache.get(request)
    if (!pending) {
      pending = lookup(request.headers)
      cache.set(request, pending)
    }
    return pending
  }

  /** The current session, or a thrown redirect to sign-in. */
  async function requireSession(): Promise<Session> {
    const session = await getSession()
    if (!session) throw redirect({ to: SIGN_IN_PATH })
    return session
  }

  return { getSession, requireSession }
}

export const { getSession, requireSession } = createAuthSession(auth)

/**
 * Locks a user out now: sets `deactivatedAt`, revokes their sessions and API tokens.
 * Better Auth refuses them a new session until reactivateUser().
 */
export async function deactivateUser(userId: string) {
  const context = await auth.$context
  await context.internalAdapter.updateUser(userId, {
    deactivatedAt: new Date(),
  })
  await revokeUserSessions(context, userId)
  await revokeUserApiTokens(context.adapter, userId)
}

/** Lets a deactivated user sign in again (their old sessions and tokens stay revoked). */
export async function reactivateUser(userId: string) {
  const context = await auth.$context
  await context.internalAdapter.updateUser(userId, { deactivatedAt: null })
}

export function isAdminUser(user: AuthUser) {
  const roles = (user.role ?? '').split(',').map((role) => role.trim())
  return roles.some((role) => ADMIN_ROLES.includes(role))
}

/** True when the caller is a signed-in admin (through an API token only with the `admin` scope); never redirects. */
export async function isUserAdmin() {
  const session = await getSession()
  if (session?.apiToken && !session.apiToken.scopes.includes('admin'))
    return false
  return session ? isAdminUser(session.user) : false
}

/** Anonymous -> redirect to sign-in; signed in but not admin (or a token without the `admin` scope) -> 404. */
export async function requireAdmin() {
  const session = await requireSession()
  if (session.apiToken && !session.apiToken.scopes.includes('admin'))
    throw notFound()
  if (!isAdminUser(session.user)) throw notFound()
  return session
}

/** Who is calling and in which context (personal or organization). Throws a redirect when anonymous. */
export async function getAccountContext() {
  const { user, session } = await requireSession()
  const activeOrganizationId = session?.activeOrganizationId ?? null
  return {
    isPersonal: activeOrganizationId === null,
    isOrganization: activeOrganizationId !== null,
    activeOrganizationId,
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      image: user.image ?? null,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      emailVerified: user.emailVerified,
    },
  }
}

export type ServerAccountContext = Awaited<ReturnType<typeof getAccountContext>>

/** The active organization id, or a redirect to the app home when there is none. */
export async function requireActiveOrganizationId() {
  const { activeOrganizationId } = await getAccountContext()
  if (!activeOrganizationId) throw redirect({ to: APP_HOME_PATH })
  return activeOrganizationId
}
