import { getRequestHeaders } from '@tanstack/react-start/server'
import { auth } from '../lib/auth/auth'
import { getSession } from '../lib/auth/session'

// An adopted app's own helper: it throws when nobody is signed in.
export async function requireUser() {
  const session = await auth.api.getSession({ headers: getRequestHeaders() })
  if (!session) throw new Error('Unauthorized')
  return session.user
}

// Returns the signed-in user or null: callers must check it.
export async function currentUser() {
  const session = await getSession()
  return session?.user ?? null
}

// Looks like a check, but only logs.
export async function noteVisitor() {
  const session = await getSession()
  if (!session) console.log('anonymous visitor')
}

// Throws when the session it is given is missing.
export function assertSignedIn(session: unknown) {
  if (!session) throw new Error('Unauthorized')
}

// Returns whether the session it is given is an admin's: callers must act on it.
export function isAdmin(session: { user: { role?: string | null } } | null) {
  return session?.user.role === 'admin'
}
