// Test-only leaf route guarded by the generated requireAdminAuth.
import { createFileRoute } from '@tanstack/react-router'
import { requireAdminAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/admin')({
  beforeLoad: requireAdminAuth,
  component: AdminPage,
})

function AdminPage() {
  const { session } = Route.useRouteContext()
  return (
    <main className="page-wrap px-4 py-12">
      <h1 className="text-2xl font-bold">Admin</h1>
      <p data-testid="admin-email">{session.user.email}</p>
    </main>
  )
}
