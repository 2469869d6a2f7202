import { createHash } from 'node:crypto'
import { createServerFn } from '@tanstack/react-start'
import { json, redirect } from '@tanstack/react-router'
import invariant from 'tiny-invariant'
import { invariant as epicInvariant, invariantResponse } from '@epic-web/invariant'
import { getSession, requireSession } from '#/lib/auth/session'
import { db } from './db'
import { createPost } from './posts'
import { accounts, ensure, ok, requireSession as ownRequireSession } from './own-session'

// The check runs only for some inputs.
// expect: unprotected server-function
export const conditionalCheck = createServerFn({ method: 'POST' })
  .validator((input: { strict: boolean }) => input)
  .handler(async ({ data }) => {
    if (data.strict) await requireSession()
    return db.posts()
  })

// A refusal swallowed by its catch.
// expect: unprotected server-function
export const swallowedCheck = createServerFn({ method: 'GET' }).handler(async () => {
  try {
    await requireSession()
  } catch {
    // ignored
  }
  return db.posts()
})

// The check comes after the write.
// expect: unprotected server-function
export const checkAfterWrite = createServerFn({ method: 'POST' })
  .validator((input: { title: string }) => input)
  .handler(async ({ data }) => {
    await db.insert('anonymous', data.title)
    await requireSession()
    return null
  })

// The check comes after data has been returned.
// expect: unprotected server-function
export const checkAfterReturn = createServerFn({ method: 'GET' })
  .validator((input: { cached: boolean }) => input)
  .handler(async ({ data }) => {
    if (data.cached) return db.posts()
    await requireSession()
    return db.stats()
  })

// Only on one side of `&&`.
// expect: unprotected server-function
export const shortCircuitCheck = createServerFn({ method: 'GET' })
  .validator((input: { strict: boolean }) => input)
  .handler(async ({ data }) => {
    const session = data.strict && (await requireSession())
    return db.postsOf(session ? session.user.id : 'all')
  })

// A try whose catch refuses: the check holds.
// expect: protected
export const rethrowingTry = createServerFn({ method: 'GET' }).handler(async () => {
  try {
    await requireSession()
  } catch (error) {
    console.error(error)
    throw error
  }
  return db.posts()
})

// Reading the input first is no write: the check still runs before any data.
// expect: protected
export const checkAfterParsing = createServerFn({ method: 'GET' })
  .validator((input: { id: string }) => input)
  .handler(async ({ data }) => {
    const id = data.id.trim()
    const session = await requireSession()
    return db.postsOf(`${session.user.id}:${id}`)
  })

// "Refusing" by returning everyone's data.
// expect: unprotected server-function
export const returnsDataWhenAnonymous = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (!session) return db.posts()
  return db.postsOf(session.user.id)
})

// A ternary whose anonymous side is data.
// expect: unprotected server-function
export const ternaryLeaks = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  return session ? db.postsOf(session.user.id) : db.posts()
})

// Refuses with a redirect.
// expect: protected
export const refusesWithRedirect = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (!session) return redirect({ to: '/sign-in' })
  return db.postsOf(session.user.id)
})

// Refuses with a 401.
// expect: protected
export const refusesWith401 = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (!session) return json({ error: 'unauthorized' }, { status: 401 })
  return db.postsOf(session.user.id)
})

// Returns a 200 to the anonymous caller: no refusal.
// expect: unprotected server-function
export const returns200 = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  if (!session) return new Response(JSON.stringify(await db.stats()), { status: 200 })
  return db.postsOf(session.user.id)
})

// The app's own requireSession() returns the session and refuses nobody.
// expect: unprotected server-function
export const ownRequireSessionOnly = createServerFn({ method: 'GET' }).handler(async () => {
  await ownRequireSession()
  return db.posts()
})

// A method named like kit-auth's helper, on an object of the app.
// expect: unprotected server-function
export const accountsContext = createServerFn({ method: 'GET' }).handler(async () => {
  const { user } = await accounts.getAccountContext()
  return db.postsOf(user?.id ?? 'all')
})

// `ok(session)` from the app, which only logs.
// expect: unprotected server-function
export const okThatLogs = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  ok(session)
  return db.posts()
})

// `invariant(session)` from tiny-invariant throws.
// expect: protected
export const tinyInvariant = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  invariant(session, 'signed in')
  return db.postsOf(session.user.id)
})

// `invariant(session)` and `invariantResponse(session, ...)` from @epic-web/invariant throw.
// expect: protected
export const epicWebInvariant = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  epicInvariant(session, 'signed in')
  return db.postsOf(session.user.id)
})

// expect: protected
export const epicWebInvariantResponse = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  invariantResponse(session, 'Unauthorized', { status: 401 })
  return db.postsOf(session.user.id)
})

// A local assertion whose body throws.
// expect: protected
export const localAssertion = createServerFn({ method: 'GET' }).handler(async () => {
  const session = await getSession()
  ensure(session, 'signed in')
  return db.postsOf(session.user.id)
})

// Named like kit-auth's public function, but outside its generated module.
// expect: unprotected server-function
export const fetchSession = createServerFn({ method: 'GET' }).handler(() => db.posts())

// A factory named like a write runs before the check: it changes nothing.
// expect: protected
export const clientBeforeCheck = createServerFn({ method: 'GET' }).handler(async () => {
  const digest = createHash('sha256')
  const session = await requireSession()
  return db.postsOf(`${session.user.id}:${digest.digest('hex')}`)
})

// A write through an app function before the check.
// expect: unprotected server-function
export const createBeforeCheck = createServerFn({ method: 'POST' })
  .validator((input: { title: string }) => input)
  .handler(async ({ data }) => {
    const post = await createPost(data.title)
    await requireSession()
    return post
  })
