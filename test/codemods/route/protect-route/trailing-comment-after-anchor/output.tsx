import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/filters')({
  validateSearch: (search: Record<string, unknown>) => search, // untyped for now
  beforeLoad: requireAuth,
  component: Filters,
})

function Filters() {
  return null
}
