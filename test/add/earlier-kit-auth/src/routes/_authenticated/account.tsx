import { useState } from 'react'
import type { FormEvent } from 'react'
import { createFileRoute, useRouter } from '@tanstack/react-router'
import { authClient } from '#/lib/auth/auth-client'
import {
  API_TOKEN_SCOPES,
  DEFAULT_API_TOKEN_DAYS,
  DEFAULT_API_TOKEN_SCOPES,
  MAX_API_TOKEN_DAYS,
  type ApiTokenScope,
} from '#/lib/auth/api-token-policy'
import {
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '#/lib/auth/api-tokens.functions'

// A page behind the _authenticated layout: its guard already ran, so the
// session is in the route context. Replace it with your own pages.
export const Route = createFileRoute('/_authenticated/account')({
  loader: () => listApiTokens(),
  component: AccountPage,
})

function AccountPage() {
  const { session } = Route.useRouteContext()
  const client = authClient.useSession()
  const router = useRouter()

  async function signOut() {
    await authClient.signOut()
    await router.invalidate()
  }

  return (
    <main className="page-wrap px-4 py-12">
      <h1 className="text-2xl font-bold">Account</h1>
      <p>
        Signed in as <strong>{session.user.email}</strong>
      </p>
      <p className="text-sm" data-testid="client-session">
        {client.isPending ? 'Loading…' : client.data?.user.name}
      </p>
      <button
        type="button"
        onClick={signOut}
        className="mt-4 rounded border px-4 py-2"
      >
        Sign out
      </button>
      <ApiTokens />
    </main>
  )
}

// API tokens for scripts and integrations (`Authorization: Bearer sk_live_...`).
// A new token is shown once; only its hash is stored. It expires (90 days unless
// chosen otherwise, at most a year) and is scoped: `read` for GET requests,
// `write` for the others, `admin` for admin and role actions.
const EXPIRY_DAYS = [7, 30, DEFAULT_API_TOKEN_DAYS, MAX_API_TOKEN_DAYS]

function ApiTokens() {
  const tokens = Route.useLoaderData()
  const router = useRouter()
  const [created, setCreated] = useState<string | null>(null)

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const { token } = await createApiToken({
      data: {
        name: String(form.get('name')),
        expiresInDays: Number(form.get('expiresInDays')),
        scopes: API_TOKEN_SCOPES.filter((scope) =>
          form.getAll('scopes').includes(scope),
        ),
      },
    })
    setCreated(token)
    await router.invalidate()
  }

  async function revoke(id: string) {
    await revokeApiToken({ data: { id } })
    await router.invalidate()
  }

  return (
    <section className="mt-8 flex flex-col gap-3">
      <h2 className="text-xl font-bold">API tokens</h2>
      <form onSubmit={create} className="flex gap-2">
        <label className="flex flex-col gap-1">
          Name
          <input name="name" required className="rounded border px-3 py-2" />
        </label>
        <label className="flex flex-col gap-1">
          Expires in
          <select
            name="expiresInDays"
            defaultValue={DEFAULT_API_TOKEN_DAYS}
            className="rounded border px-3 py-2"
          >
            {EXPIRY_DAYS.map((days) => (
              <option key={days} value={days}>
                {`${days} days`}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex gap-2 self-end">
          <legend className="sr-only">Scopes</legend>
          {API_TOKEN_SCOPES.map((scope: ApiTokenScope) => (
            <label key={scope} className="flex items-center gap-1">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                defaultChecked={DEFAULT_API_TOKEN_SCOPES.includes(scope)}
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="self-end rounded border px-4 py-2">
          Create token
        </button>
      </form>
      {created ? (
        <p role="status">
          Copy it now, it will not be shown again: <code>{created}</code>
        </p>
      ) : null}
      <ul>
        {tokens.map((token) => (
          <li key={token.id} className="flex items-center gap-2">
            <code>{token.start}…</code> {token.name}
            <span className="text-sm">{token.scopes.join(', ')}</span>
            <span className="text-sm" data-testid="token-expires">
              {token.expiresAt
                ? `expires ${new Date(token.expiresAt).toLocaleDateString()}`
                : 'never expires'}
            </span>
            <button
              type="button"
              onClick={() => revoke(token.id)}
              className="rounded border px-2"
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
