import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/teams/$teamId')({ params: { parse: (p) => p, stringify: (p) => p }, beforeLoad: requireAuth, component: Team })

function Team() {
  return null
}
