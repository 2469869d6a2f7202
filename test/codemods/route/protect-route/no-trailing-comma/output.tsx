import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/legacy')({
  component: Legacy,
  validateSearch: (search: Record<string, unknown>) => search,
  beforeLoad: requireAuth
})

function Legacy() {
  return null
}
