import { notFound, redirect } from '@tanstack/react-router'
import { fetchAuthState, fetchSession } from './session.functions'
import { getSafeRedirect } from './redirect'

// beforeLoad guards. They run on the server during SSR and in the browser on
// client navigation, so they read the session through server functions.
// Guards gate navigation only: server functions must authorize themselves.

interface GuardOptions {
  location: { href: string }
}

/** Anonymous -> sign-in, carrying the page they asked for. */
export async function requireAuth({ location }: GuardOptions) {
  const session = await fetchSession()
  if (!session) {
    throw redirect({
      to: '/sign-in',
      search: { redirect: getSafeRedirect(location.href) },
    })
  }
  return { session }
}

/** Anonymous -> sign-in; signed in but not admin -> 404, keeping the admin surface hidden. */
export async function requireAdminAuth(options: GuardOptions) {
  const { session } = await requireAuth(options)
  const { isAdmin } = await fetchAuthState()
  if (!isAdmin) throw notFound()
  return { session }
}

/** Keeps signed-in users off the sign-in and sign-up screens. */
export async function redirectIfAuthenticated() {
  const session = await fetchSession()
  if (session) throw redirect({ to: '/' })
}
