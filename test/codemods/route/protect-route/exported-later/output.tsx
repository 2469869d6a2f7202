import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

const Route = createFileRoute('/late')({
  beforeLoad: requireAuth,
  component: Late,
})

function Late() {
  return null
}

export { Route }
