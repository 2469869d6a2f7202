// Test-only page behind the generated _authenticated layout guard.
import { createFileRoute } from '@tanstack/react-router'
import { authClient } from '#/lib/auth/auth-client'
import { fetchAccountContext } from '#/lib/auth/account.functions'
import { fetchLookupCount } from '#/lib/e2e/e2e.functions'

export const Route = createFileRoute('/_authenticated/dashboard')({
  loader: async () => ({
    account: await fetchAccountContext(),
    lookups: await fetchLookupCount(),
  }),
  component: DashboardPage,
})

function UseSessionProbe() {
  const result = authClient.useSession()
  return (
    <pre data-testid="use-session">
      {JSON.stringify({
        hasData: 'data' in result,
        hasIsPending: 'isPending' in result,
        hasError: 'error' in result,
        isPending: result.isPending,
        error: result.error ? String(result.error.message) : null,
        email: result.data?.user.email ?? null,
      })}
    </pre>
  )
}

function DashboardPage() {
  const { account, lookups } = Route.useLoaderData()
  const { session } = Route.useRouteContext()
  return (
    <main className="page-wrap px-4 py-12">
      <h1 className="text-2xl font-bold">Dashboard</h1>
      <p data-testid="user-email">{account.user.email}</p>
      <p data-testid="account-kind">
        {account.isOrganization
          ? `organization ${account.activeOrganizationId}`
          : 'personal'}
      </p>
      <p data-testid="session-kind">{session.session ? 'cookie' : 'token'}</p>
      <p data-testid="session-lookups">{lookups}</p>
      <UseSessionProbe />
    </main>
  )
}
