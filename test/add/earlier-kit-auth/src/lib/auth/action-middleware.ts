import {
  createMiddleware,
  createServerFn,
  createServerOnlyFn,
} from '@tanstack/react-start'
import {
  getRequestHeaders,
  setResponseStatus,
} from '@tanstack/react-start/server'
import { auth } from './auth'
import { getSession, isAdminUser } from './session'

// Server-function middleware: every protected server function authorizes
// itself here, even when it is fetched directly and no guard ran.

// The status reaches the HTTP response of a server-function call; the Error
// itself is serialized, so the client rethrows it with `message`.
// createServerOnlyFn keeps the server-only import out of the client bundle.
export const httpError = createServerOnlyFn(
  (status: 400 | 401 | 403, message: string) => {
    setResponseStatus(status)
    return new Error(message)
  },
)

export const authMiddleware = createMiddleware({ type: 'function' }).server(
  async ({ next, method }) => {
    const session = await getSession()
    if (!session) throw httpError(401, 'Unauthorized')
    // A POST server function needs the token's `write` scope, whatever the
    // HTTP method it was called with (older Start runs one called with GET).
    if (
      session.apiToken &&
      method !== 'GET' &&
      !session.apiToken.scopes.includes('write')
    )
      throw httpError(403, 'This API token lacks the write scope')
    return next({
      context: {
        user: session.user,
        session: session.session,
        // The token an API-token caller presented ({ id, scopes }), else null.
        apiToken: session.apiToken ?? null,
      },
    })
  },
)

export const organizationMiddleware = createMiddleware({ type: 'function' })
  .middleware([authMiddleware])
  .server(async ({ next, context }) => {
    const organizationId = context.session?.activeOrganizationId
    if (!organizationId) throw httpError(403, 'No active organization')
    const member = await auth.api.getActiveMember({
      headers: getRequestHeaders(),
    })
    if (!member) throw httpError(403, 'Forbidden')
    return next({ context: { organizationId, role: member.role } })
  })

export const adminMiddleware = createMiddleware({ type: 'function' })
  .middleware([authMiddleware])
  .server(async ({ next, context }) => {
    // A token runs admin actions only when it was created with the `admin` scope.
    // (Typed loosely: an app without API tokens, or made before scopes, has no such field.)
    const token = (context as { apiToken?: { scopes: string[] } | null })
      .apiToken
    if (token && !token.scopes.includes('admin'))
      throw httpError(403, 'This API token lacks the admin scope')
    if (!isAdminUser(context.user)) throw httpError(403, 'Forbidden')
    return next()
  })

// Builders, not functions: Start's compiler only recognizes a server function
// whose `.handler()` chain starts at `createServerFn` (directly or through a
// variable holding a builder). A builder is callable, so `authAction()` and
// `authAction({ method: 'GET' })` both return a fresh builder.
//
// Start spreads a builder's call options over its own, so `middleware` passed
// there would replace the auth check: the type refuses it (`.middleware([...])`
// appends and keeps the check).
type Guarded<Builder> = {
  (options: {
    middleware: unknown
  }): 'middleware in the options replaces the auth check: use .middleware([...])'
} & Builder

const authBuilder = createServerFn({ method: 'POST' }).middleware([
  authMiddleware,
])

/** `authAction().validator(schema).handler(({ data, context }) => ...)`: `context.user` is the caller. */
export const authAction = authBuilder as Guarded<typeof authBuilder>

const organizationBuilder = createServerFn({ method: 'POST' }).middleware([
  organizationMiddleware,
])

/** Requires an active organization: `context.organizationId`, `context.role`. */
export const organizationAction = organizationBuilder as Guarded<
  typeof organizationBuilder
>

const adminBuilder = createServerFn({ method: 'POST' }).middleware([
  adminMiddleware,
])

/** Requires an admin. */
export const adminAction = adminBuilder as Guarded<typeof adminBuilder>

export const createAdminAction = adminAction
