import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/ssr')({
  ssr: false,
  context: () => ({ startedAt: Date.now() }),
  beforeLoad: requireAuth,
  loader: () => null,
  component: Ssr,
})

function Ssr() {
  return null
}
