// Type-level checks (kit-auth e2e suite, never imported): the app's `tsc --noEmit` fails when an
// expected error below disappears, or when an allowed call stops type-checking.
import { adminAction, authAction, organizationAction } from '#/lib/auth/action-middleware'
import { tagMiddleware } from './tokens.functions'

// `middleware` in a builder's options would replace the auth check (Start spreads the options over
// the builder's): refused in a literal...
// @ts-expect-error middleware belongs in .middleware([...])
export const literal = authAction({ middleware: [tagMiddleware] }).handler(() => 'unchecked')

// ...and in options held in a variable, which escape excess-property checks.
const options = { method: 'GET' as const, middleware: [tagMiddleware] }
// @ts-expect-error middleware belongs in .middleware([...])
export const fromVariable = authAction(options).handler(() => 'unchecked')
// @ts-expect-error middleware belongs in .middleware([...])
export const organizationFromVariable = organizationAction(options).handler(() => 'unchecked')
// @ts-expect-error middleware belongs in .middleware([...])
export const adminFromVariable = adminAction(options).handler(() => 'unchecked')

// Still allowed: no options, a method, and .middleware([...]) (which appends).
export const plain = authAction().handler(({ context }) => context.user.id)
export const get = adminAction({ method: 'GET' }).handler(({ context }) => context.user.id)
export const appended = organizationAction()
  .middleware([tagMiddleware])
  .handler(({ context }) => `${context.organizationId} ${context.tag}`)
