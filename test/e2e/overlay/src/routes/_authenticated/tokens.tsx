// Test-only token page: it imports the generated token server functions, so
// the build registers them (Start only bundles server functions it can reach).
import { useState } from 'react'
import { createFileRoute, useRouter } from '@tanstack/react-router'
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '#/lib/auth/api-tokens.functions'

export const Route = createFileRoute('/_authenticated/tokens')({
  loader: () => listApiTokens(),
  component: TokensPage,
})

function TokensPage() {
  const tokens = Route.useLoaderData()
  const router = useRouter()
  const [created, setCreated] = useState<string | null>(null)

  async function create() {
    const { token } = await createApiToken({ data: { name: 'browser' } })
    setCreated(token)
    await router.invalidate()
  }

  async function revoke(id: string) {
    await revokeApiToken({ data: { id } })
    await router.invalidate()
  }

  return (
    <main className="page-wrap px-4 py-12">
      <button type="button" onClick={create}>
        Create token
      </button>
      {created ? <p data-testid="new-token">{created}</p> : null}
      <ul>
        {tokens.map((token) => (
          <li key={token.id}>
            {token.name} {token.start}
            <button type="button" onClick={() => revoke(token.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </main>
  )
}
