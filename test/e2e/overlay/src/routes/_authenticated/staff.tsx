// Test-only page: requireAdminAuth on a child of the generated _authenticated layout (a nested guard).
import { createFileRoute } from '@tanstack/react-router'
import { requireAdminAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/_authenticated/staff')({
  beforeLoad: requireAdminAuth,
  component: StaffPage,
})

function StaffPage() {
  const { session } = Route.useRouteContext()
  return (
    <main className="page-wrap px-4 py-12">
      <h1 className="text-2xl font-bold">Staff</h1>
      <p data-testid="staff-email">{session.user.email}</p>
    </main>
  )
}
