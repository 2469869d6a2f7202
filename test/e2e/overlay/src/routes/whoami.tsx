// Test-only route without a guard: its loader calls requireSession() on the server.
import { createFileRoute } from '@tanstack/react-router'
import { fetchRequiredSession } from '#/lib/e2e/e2e.functions'

export const Route = createFileRoute('/whoami')({
  loader: () => fetchRequiredSession(),
  component: WhoAmIPage,
})

function WhoAmIPage() {
  const { email } = Route.useLoaderData()
  return (
    <main className="page-wrap px-4 py-12">
      <p data-testid="whoami-email">{email}</p>
    </main>
  )
}
