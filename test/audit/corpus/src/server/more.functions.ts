import { createServerFn as serverFn } from '@tanstack/react-start'
import invariant from 'tiny-invariant'
import * as actions from '#/lib/auth/action-middleware'
import * as session from '#/lib/auth/session'
import { getSession, getSession as readSession, requireSession as mustSignIn } from '../lib/auth/session'
import { db } from './db'
import { sessionReaderMiddleware } from './middleware'
import { assertSignedIn, isAdmin } from './session-helpers'

// expect: protected
export const viaNamespaceBuilder = actions.authAction().handler(() => db.stats())

// expect: protected
export const viaNamespaceMiddleware = serverFn({ method: 'GET' })
  .middleware([actions.adminMiddleware])
  .handler(() => db.stats())

// expect: protected
export const viaNamespaceHelper = serverFn({ method: 'GET' }).handler(async () => {
  await session.requireSession()
  return db.stats()
})

// expect: protected
export const roleCompared = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  if (current?.user.role !== 'admin') throw new Error('Forbidden')
  return db.stats()
})

// expect: protected
export const predicateChecked = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  if (!isAdmin(current)) throw new Error('Forbidden')
  return db.stats()
})

// expect: unprotected server-function
export const predicateIgnored = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  const admin = isAdmin(current)
  return { admin, stats: await db.stats() }
})

// expect: protected
export const assertedHelper = serverFn({ method: 'POST' }).handler(async () => {
  const current = await getSession()
  assertSignedIn(current)
  return db.stats()
})

// expect: unprotected server-function
export const conditionalCheck = serverFn({ method: 'POST' })
  .validator((input: { force: boolean }) => input)
  .handler(async ({ data }) => {
    const current = await getSession()
    if (data.force && !current) throw new Error('Unauthorized')
    return db.stats()
  })

// expect: unprotected server-function
export const redirectNotThrown = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  if (!current) console.error('redirect({ to: "/sign-in" }) was meant here')
  return db.stats()
})

// expect: unprotected server-function
export const nestedCheckNeverRuns = serverFn({ method: 'GET' }).handler(async () => {
  const check = async () => {
    await session.requireSession()
  }
  void check
  return db.stats()
})

// @public in a line comment: no JSDoc tag, so not public
// expect: unprotected server-function
export const lineCommentPublic = serverFn({ method: 'GET' }).handler(() => db.stats())

/* @public in a plain block comment: no JSDoc tag either */
// expect: unprotected server-function
export const blockCommentPublic = serverFn({ method: 'GET' }).handler(() => db.stats())

// expect: public
/**
 * The totals on the landing page.
 * @public anyone may see them
 */
export const multiLineJsDocPublic = serverFn({ method: 'GET' }).handler(() => db.stats())

// expect: protected
export const destructuredContext = serverFn({ method: 'GET' })
  .middleware([sessionReaderMiddleware])
  .handler(({ context: { session: current } }) => {
    if (!current) throw new Error('Unauthorized')
    return db.postsOf(current.user.id)
  })

// expect: protected
export const contextVariable = serverFn({ method: 'GET' })
  .middleware([sessionReaderMiddleware])
  .handler(({ context }) => {
    const { session: current } = context
    if (current == null) throw new Error('Unauthorized')
    return db.postsOf(current.user.id)
  })

// expect: protected
export const derivedVariable = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  const userId = current?.user.id
  if (!userId) throw new Error('Unauthorized')
  return db.postsOf(userId)
})

// expect: unprotected server-function
export const contextNeverChecked = serverFn({ method: 'GET' })
  .middleware([sessionReaderMiddleware])
  .handler(({ context }) => db.postsOf(context.session?.user.id ?? 'anonymous'))

// expect: protected
export const aliasedEnforcer = serverFn({ method: 'POST' }).handler(async () => {
  const { user } = await mustSignIn()
  return db.postsOf(user.id)
})

// expect: protected
export const aliasedReader = serverFn({ method: 'GET' }).handler(async () => {
  const current = await readSession()
  if (!current) throw new Error('Unauthorized')
  return db.postsOf(current.user.id)
})

// expect: protected
export const localHelperCalled = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  function ensure() {
    if (!current) throw new Error('Unauthorized')
  }
  ensure()
  return db.stats()
})

// expect: protected
export const invariantChecked = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  invariant(current, 'Unauthorized')
  return db.postsOf(current.user.id)
})

// expect: protected
export const elseThrows = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  let posts: unknown = null
  if (current) {
    posts = await db.postsOf(current.user.id)
  } else {
    throw new Error('Unauthorized')
  }
  return posts
})

// expect: unprotected server-function
export const elseLogs = serverFn({ method: 'GET' }).handler(async () => {
  const current = await getSession()
  if (current) {
    console.info('signed in')
  } else {
    console.info('anonymous')
  }
  return db.stats()
})
