// Test-only leaf route guarded by the generated requireAuth (no layout).
import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/settings')({
  beforeLoad: requireAuth,
  component: SettingsPage,
})

function SettingsPage() {
  const { session } = Route.useRouteContext()
  return (
    <main className="page-wrap px-4 py-12">
      <h1 className="text-2xl font-bold">Settings</h1>
      <p data-testid="settings-email">{session.user.email}</p>
    </main>
  )
}
