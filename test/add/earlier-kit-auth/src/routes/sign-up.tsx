import { useState } from 'react'
import type { FormEvent } from 'react'
import { Link, createFileRoute, useRouter } from '@tanstack/react-router'
import { authClient } from '#/lib/auth/auth-client'
import { redirectIfAuthenticated } from '#/lib/auth/guards'
import { getSafeRedirect } from '#/lib/auth/redirect'

export const Route = createFileRoute('/sign-up')({
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
  }),
  beforeLoad: redirectIfAuthenticated,
  component: SignUpPage,
})

function SignUpPage() {
  const { redirect } = Route.useSearch()
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setError(null)
    const { error } = await authClient.signUp.email({
      name: String(form.get('name')),
      email: String(form.get('email')),
      password: String(form.get('password')),
    })
    if (error) {
      setError(error.message ?? 'Could not create the account')
      setPending(false)
      return
    }
    await router.navigate({ href: getSafeRedirect(redirect) })
  }

  return (
    <main className="page-wrap px-4 py-12">
      <form
        onSubmit={onSubmit}
        className="mx-auto flex max-w-sm flex-col gap-4"
      >
        <h1 className="text-2xl font-bold">Create an account</h1>
        <label className="flex flex-col gap-1">
          Name
          <input
            name="name"
            type="text"
            autoComplete="name"
            required
            className="rounded border px-3 py-2"
          />
        </label>
        <label className="flex flex-col gap-1">
          Email
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            className="rounded border px-3 py-2"
          />
        </label>
        <label className="flex flex-col gap-1">
          Password
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            className="rounded border px-3 py-2"
          />
        </label>
        <p role="alert" className="min-h-6 text-sm text-red-700">
          {error}
        </p>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-black px-4 py-2 text-white disabled:opacity-50"
        >
          {pending ? 'Creating account…' : 'Sign up'}
        </button>
        <p className="text-sm">
          Already have an account?{' '}
          <Link to="/sign-in" search={{ redirect }}>
            Sign in
          </Link>
        </p>
      </form>
    </main>
  )
}
