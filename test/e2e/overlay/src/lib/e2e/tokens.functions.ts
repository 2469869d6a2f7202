// Test-only server functions for API-token scopes and the action builders' options (kit-auth e2e
// suite), built on the generated helpers only.
import { createMiddleware } from '@tanstack/react-start'
import { authAction } from '#/lib/auth/action-middleware'

/** authAction({ method: 'GET' }): a read, which a `read` token may call. */
export const readProbe = authAction({ method: 'GET' }).handler(({ context }) => ({
  id: context.user.id,
  apiToken: context.apiToken,
}))

/** authAction() (POST): a write, which a `read`-only token may not call. */
export const writeProbe = authAction().handler(({ context }) => ({
  id: context.user.id,
  apiToken: context.apiToken,
}))

export const tagMiddleware = createMiddleware({ type: 'function' }).server(({ next }) =>
  next({ context: { tag: 'appended' as const } }),
)

/** `.middleware([...])` appends to the auth middleware: the auth check still runs first. */
export const appendedProbe = authAction()
  .middleware([tagMiddleware])
  .handler(({ context }) => ({ id: context.user.id, tag: context.tag }))
