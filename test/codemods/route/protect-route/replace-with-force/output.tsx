import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/admin/users')({
  beforeLoad: requireAuth,
  component: Users,
})

function Users() {
  return null
}
