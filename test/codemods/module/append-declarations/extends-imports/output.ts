import { redirect, notFound } from '@tanstack/react-router'
import { fetchSession, fetchAuthState } from '#/lib/auth/session.functions'

export async function requireAuth() {
  return { session: await fetchSession() }
}

export const requireAdminAuth = 1
