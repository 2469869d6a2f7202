// Test-only page: its loader uses requireActiveOrganizationId().
import { createFileRoute } from '@tanstack/react-router'
import { fetchActiveOrganization } from '#/lib/e2e/e2e.functions'

export const Route = createFileRoute('/_authenticated/org')({
  loader: () => fetchActiveOrganization(),
  component: OrgPage,
})

function OrgPage() {
  const { organizationId } = Route.useLoaderData()
  return (
    <main className="page-wrap px-4 py-12">
      <p data-testid="organization-id">{organizationId}</p>
    </main>
  )
}
