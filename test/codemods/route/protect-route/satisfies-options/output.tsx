import { createFileRoute } from '@tanstack/react-router'
import type { RouteOptions } from '#/lib/route-options'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/reports')({
  beforeLoad: requireAuth,
  component: Reports,
  staleTime: 10_000,
} satisfies RouteOptions)

function Reports() {
  return null
}
