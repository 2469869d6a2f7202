// Test-only server functions (kit-auth e2e suite). Each one is built on the
// generated helpers, so the suite exercises the generated code, not its own.
import { createServerFn } from '@tanstack/react-start'
import {
  adminAction,
  authAction,
  organizationAction,
} from '#/lib/auth/action-middleware'
import {
  deactivateUser,
  getAccountContext,
  getSession,
  getSessionLookupCount,
  requireActiveOrganizationId,
  reactivateUser,
  requireSession,
} from '#/lib/auth/session'

// `tsc --noEmit` fails here if a context field is untyped (`any`) or missing.
type IsAny<T> = 0 extends 1 & T ? true : false
function typed<T>(value: T, _isAny: IsAny<T>): T {
  return value
}

/** authAction(): 401 for anonymous callers, else who is calling and how. */
export const whoAmI = authAction().handler(({ context }) => ({
  id: typed(context.user, false).id,
  email: context.user.email,
  via: context.session ? 'cookie' : 'token',
  sessionIsNull: context.session === null,
}))

/** organizationAction(): needs an active organization. */
export const orgInfo = organizationAction().handler(({ context }) => ({
  userId: typed(context.user, false).id,
  organizationId: typed(context.organizationId, false),
  role: typed(context.role, false),
}))

/** adminAction(): needs an admin. */
export const adminPing = adminAction().handler(({ context }) => ({
  ok: true,
  admin: context.user.email,
}))

/** The raw choke point: what getSession() resolves for this request. */
export const inspectSession = createServerFn({ method: 'GET' }).handler(
  async () => {
    const session = await getSession()
    if (!session) return null
    return {
      keys: Object.keys(session).sort(),
      userId: session.user.id,
      email: session.user.email,
      sessionIsNull: session.session === null,
      sessionUserId: session.session ? session.session.userId : null,
    }
  },
)

/** Several getSession() calls in one request: a memoized choke point looks up once. */
export const sessionLookupProbe = createServerFn({ method: 'GET' }).handler(
  async () => {
    const before = getSessionLookupCount()
    const [first, second] = await Promise.all([getSession(), getSession()])
    const third = await getSession()
    await getAccountContext().catch(() => null)
    return {
      lookups: getSessionLookupCount() - before,
      signedIn: third !== null,
      sameUser: first?.user.id === second?.user.id,
    }
  },
)

export const fetchLookupCount = createServerFn({ method: 'GET' }).handler(() =>
  getSessionLookupCount(),
)

/** requireSession(): a non-null session or a redirect to sign-in. */
export const fetchRequiredSession = createServerFn({ method: 'GET' }).handler(
  async () => {
    const { user } = await requireSession()
    return { email: user.email }
  },
)

/** requireActiveOrganizationId(): the id, or a redirect to the app home. */
export const fetchActiveOrganization = createServerFn({
  method: 'GET',
}).handler(async () => ({
  organizationId: await requireActiveOrganizationId(),
}))

/** The seed's own pattern: a server function that returns getSession() as it is. */
export const rawSession = createServerFn({ method: 'GET' }).handler(() =>
  getSession(),
)

/** An operator's deactivateUser() / reactivateUser(), behind adminAction(). */
export const setDeactivated = adminAction()
  .validator((data: { userId: string; deactivated: boolean }) => data)
  .handler(async ({ data }) => {
    if (data.deactivated) await deactivateUser(data.userId)
    else await reactivateUser(data.userId)
    return { ok: true }
  })

/** A server function that throws: its error reply must still carry the security headers. */
export const boom = createServerFn({ method: 'GET' }).handler(() => {
  throw new Error('e2e: a server function that throws')
})
