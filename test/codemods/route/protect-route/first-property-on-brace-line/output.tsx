import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/compact')({ beforeLoad: requireAuth, component: Compact,
  loader: () => 1 })

function Compact() {
  return null
}
