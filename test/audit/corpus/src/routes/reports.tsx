import { createFileRoute, Outlet, redirect } from '@tanstack/react-router'
import { fetchSession } from '#/lib/auth/session.functions'

// The app's own guard, not kit-auth's: it covers its children.
export const Route = createFileRoute('/reports')({
  beforeLoad: async () => {
    const session = await fetchSession()
    if (!session) throw redirect({ to: '/sign-in' })
  },
  component: Outlet,
})
