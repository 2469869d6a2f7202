import { createServerFn } from '@tanstack/react-start'
import { getRequestHeaders } from '@tanstack/react-start/server'
import { authMiddleware, adminMiddleware, roleMiddleware } from '#/lib/auth/action-middleware'
import { auth } from '#/lib/auth/auth'
import {
  getAccountContext,
  getSession,
  requireActiveOrganizationId,
  requireAdmin,
  requireSession,
} from '#/lib/auth/session'
import { db } from './db'

// expect: unprotected server-function
export const listAllPosts = createServerFn({ method: 'GET' }).handler(async () => db.posts())

// expect: protected
export const listMyPosts = createServerFn({ method: 'GET' })
  .middleware([authMiddleware])
  .handler(async ({ context }) => db.postsOf(context.user.id))

// expect: protected
export const adminStats = createServerFn({ method: 'GET' })
  .middleware([adminMiddleware])
  .handler(() => db.stats())

// expect: protected
export const publishPost = createServerFn({ method: 'POST' })
  .middleware([roleMiddleware('editor')])
  .handler(() => db.stats())

// expect: protected
export const createPost = createServerFn({ method: 'POST' })
  .validator((input: { title: string }) => input)
  .handler(async ({ data }) => {
    const session = await requireSession()
    return db.insert(session.user.id, data.title)
  })

// expect: protected
export const adminReport = createServerFn({ method: 'GET' }).handler(async () => {
  await requireAdmin()
  return db.stats()
})

// expect: protected
export const accountPosts = createServerFn({ method: 'GET' }).handler(async () => {
  const { user } = await getAccountContext()
  return db.postsOf(user.id)
})

// expect: protected
export const organizationPosts = createServerFn({ method: 'GET' }).handler(async () => {
  const organizationId = await requireActiveOrganizationId()
  return db.postsOf(organizationId)
})

// expect: protected
export const checkedThrow = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (!session) throw new Error('Unauthorized')
  return db.postsOf(session.user.id)
})

// expect: protected
export const checkedReturn = createServerFn({ method: 'GET' }).handler(async () => {
  const s = await getSession()
  if (s === null) return []
  return db.postsOf(s.user.id)
})

// expect: protected
export const checkedOptional = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (!session?.user) {
    throw new Error('Unauthorized')
  }
  return db.postsOf(session.user.id)
})

// expect: protected
export const positiveBranch = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (session) {
    return db.postsOf(session.user.id)
  }
  return null
})

// expect: protected
export const ternary = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  return session ? db.postsOf(session.user.id) : null
})

// expect: protected
export const betterAuthDirect = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await auth.api.getSession({ headers: getRequestHeaders() })
  if (!session) throw new Error('Unauthorized')
  return db.postsOf(session.user.id)
})

// expect: unprotected server-function
export const neverChecked = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  return db.postsOf(session?.user.id ?? 'anonymous')
})

// expect: unprotected server-function
export const resultIgnored = createServerFn({ method: 'POST' }).handler(async () => {
  await getSession()
  return db.stats()
})

// expect: unprotected server-function
export const checkedButLogs = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (!session) console.warn('anonymous caller')
  return db.stats()
})

// expect: unprotected server-function
/**
 * A JSDoc block between the label and the declaration: the line is the declaration's.
 */
export const documented = createServerFn({ method: 'GET' }).handler(() => db.stats())

// expect: public
/** @public shown on the pricing page */
export const pricing = createServerFn({ method: 'GET' }).handler(() => db.stats())

// expect: unprotected server-function
export default createServerFn({ method: 'GET' }).handler(() => db.stats())
