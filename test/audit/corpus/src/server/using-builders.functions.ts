import { createServerFn } from '@tanstack/react-start'
import {
  adminAction,
  authAction as action,
  editorAction,
  organizationAction,
  projectCreatePermissionAction,
} from '#/lib/auth/action-middleware'
import { openFn, protectedFn, protectedList, signedInMiddleware } from '@/server'
import { authedFn, loggedFn, plainFn, securedFn } from './builders'
import { db } from './db'
import {
  lenientMiddleware,
  logMiddleware,
  ownCheckMiddleware,
  sessionReaderMiddleware,
} from './middleware'
import { currentUser, noteVisitor, requireUser } from './session-helpers'

// expect: protected
export const viaAuthAction = action().handler(({ context }) => db.postsOf(context.user.id))

// expect: protected
export const viaAuthActionGet = action({ method: 'GET' })
  .validator((id: string) => id)
  .handler(({ context }) => db.postsOf(context.user.id))

// expect: protected
export const viaAdminAction = adminAction().handler(() => db.stats())

// expect: protected
export const viaOrganizationAction = organizationAction().handler(({ context }) => db.postsOf(context.organizationId))

// expect: protected
export const viaRoleAction = editorAction().handler(() => db.stats())

// expect: protected
export const viaPermissionAction = projectCreatePermissionAction().handler(() => db.stats())

// expect: unprotected server-function
export const replacedMiddleware = action({ middleware: [logMiddleware] } as never).handler(() => db.stats())

// expect: protected
export const viaBuilderVariable = authedFn.handler(({ context }) => db.postsOf(context.user.id))

// expect: protected
export const viaReexportedBuilder = protectedFn.validator((title: string) => title).handler(() => db.stats())

// expect: unprotected server-function
export const viaReexportedOpenBuilder = openFn.handler(() => db.stats())

// expect: unprotected server-function
export const viaLoggingBuilder = loggedFn.handler(() => db.stats())

// expect: unprotected server-function
export const viaPlainBuilder = plainFn.handler(() => db.stats())

// expect: protected
export const viaBuilderFactory = securedFn().handler(() => db.stats())

// expect: protected
export const sharedBuilderPlusAuth = plainFn.middleware([signedInMiddleware]).handler(() => db.stats())

// expect: protected
export const ownCheck = createServerFn({ method: 'GET' })
  .middleware([ownCheckMiddleware])
  .handler(() => db.stats())

// expect: unprotected server-function
export const readerOnly = createServerFn({ method: 'GET' })
  .middleware([sessionReaderMiddleware])
  .handler(() => db.stats())

// expect: protected
export const readerThenContextCheck = createServerFn({ method: 'GET' })
  .middleware([sessionReaderMiddleware])
  .handler(({ context }) => {
    if (!context.session) throw new Error('Unauthorized')
    return db.postsOf(context.session.user.id)
  })

// expect: unprotected server-function
export const lenient = createServerFn({ method: 'GET' })
  .middleware([lenientMiddleware])
  .handler(() => db.stats())

// expect: protected
export const sharedList = createServerFn({ method: 'GET' })
  .middleware(protectedList)
  .handler(() => db.stats())

// expect: protected
export const spreadList = createServerFn({ method: 'GET' })
  .middleware([logMiddleware, ...protectedList])
  .handler(() => db.stats())

// expect: protected
export const adoptedHelper = createServerFn({ method: 'GET' }).handler(async () => {
  const user = await requireUser()
  return db.postsOf(user.id)
})

// expect: unprotected server-function
export const uncheckedHelper = createServerFn({ method: 'GET' }).handler(async () => {
  const user = await currentUser()
  return db.postsOf(user?.id ?? 'nobody')
})

// expect: protected
export const checkedHelper = createServerFn({ method: 'GET' }).handler(async () => {
  const user = await currentUser()
  if (!user) throw new Error('Unauthorized')
  return db.postsOf(user.id)
})

// expect: unprotected server-function
export const loggingHelper = createServerFn({ method: 'GET' }).handler(async () => {
  await noteVisitor()
  return db.stats()
})

async function listOwnPosts() {
  const user = await requireUser()
  return db.postsOf(user.id)
}

// expect: protected
export const namedHandler = createServerFn({ method: 'GET' }).handler(listOwnPosts)

// expect: protected
export const parenthesized = (action() as typeof authedFn).handler(() => db.stats())
