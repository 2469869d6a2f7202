import { redirect } from '@tanstack/react-router'
import { fetchSession } from '#/lib/auth/session.functions'

export async function requireAuth() {
  return { session: await fetchSession() }
}
