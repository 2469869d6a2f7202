import { createMiddleware } from '@tanstack/react-start'
import { getRequestHeaders } from '@tanstack/react-start/server'
import { authMiddleware } from '#/lib/auth/action-middleware'
import { auth } from '#/lib/auth/auth'
import { getSession } from '#/lib/auth/session'

// Function middleware that only logs: it authorizes nobody.
export const logMiddleware = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  console.log('server function called')
  return next()
})

// The app's own middleware composing kit-auth's: it authorizes.
export const signedInMiddleware = createMiddleware({ type: 'function' })
  .middleware([authMiddleware])
  .server(({ next, context }) => next({ context: { userId: context.user.id } }))

// Checks the session itself.
export const ownCheckMiddleware = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const session = await auth.api.getSession({ headers: getRequestHeaders() })
  if (!session) throw new Error('Unauthorized')
  return next({ context: { session } })
})

// Reads the session and passes it on, checking nothing.
export const sessionReaderMiddleware = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const session = await getSession()
  return next({ context: { session } })
})

// "Checks", then lets anonymous callers through anyway.
export const lenientMiddleware = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const session = await getSession()
  if (!session) return next({ context: { anonymous: true } })
  return next({ context: { anonymous: false } })
})

// Request middleware for server routes: 401 without a session.
export const apiAuthMiddleware = createMiddleware().server(async ({ next, request }) => {
  const session = await auth.api.getSession({ headers: request.headers })
  if (!session) return new Response('Unauthorized', { status: 401 })
  return next()
})

// Request middleware that only logs.
export const requestLogger = createMiddleware().server(async ({ next, request }) => {
  console.log(request.method, request.url)
  return next()
})

// The same list, shared.
export const protectedList = [authMiddleware]
