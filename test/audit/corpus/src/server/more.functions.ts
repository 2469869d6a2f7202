import { createServerFn as serverFn } from '@tanstack/react-start'
import * as actions from '#/lib/auth/action-middleware'
import * as session from '#/lib/auth/session'
import { getSession } from '../lib/auth/session'
import { db } from './db'
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

// expect: public
// @public a line comment says it too
export const lineCommentPublic = serverFn({ method: 'GET' }).handler(() => db.stats())
