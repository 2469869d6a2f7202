import { redirect } from '@tanstack/react-router'
import { fetchSession } from '#/lib/auth/session.functions'

export async function requireAuth() {
  return { session: await fetchSession() }
}

function hasRole() {
  return true
}

export const requireEditorAuth = 3
