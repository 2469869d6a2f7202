import { createServerFn } from '@tanstack/react-start'
import { authMiddleware } from '#/lib/auth/action-middleware'
import { logMiddleware } from './middleware'

// A builder variable that adds the auth middleware.
export const authedFn = createServerFn({ method: 'POST' }).middleware([authMiddleware])

// One that adds only logging.
export const loggedFn = createServerFn({ method: 'POST' }).middleware([logMiddleware])

// One with no middleware at all.
export const plainFn = createServerFn({ method: 'GET' })

// A function that returns a protected builder.
export function securedFn() {
  return createServerFn({ method: 'POST' }).middleware([authMiddleware])
}
