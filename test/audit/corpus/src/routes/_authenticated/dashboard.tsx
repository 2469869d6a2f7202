import { createFileRoute } from '@tanstack/react-router'
import { createServerFn } from '@tanstack/react-start'
import { authAction } from '#/lib/auth/action-middleware'
import { db } from '#/server/db'

// The route is guarded (the _authenticated layout), the server function its loader calls is not:
// anyone can call it with fetch.
// expect: unprotected server-function
const getDashboard = createServerFn({ method: 'GET' }).handler(() => db.stats())

// expect: protected
const getOwnDashboard = authAction({ method: 'GET' }).handler(({ context }) => db.postsOf(context.user.id))

export const Route = createFileRoute('/_authenticated/dashboard')({
  loader: async () => ({ stats: await getDashboard(), own: await getOwnDashboard() }),
  component: () => <p>dashboard</p>,
})
