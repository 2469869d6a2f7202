import { createFileRoute } from '@tanstack/react-router'
import { requireAdminAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/admin/users')({
  beforeLoad: requireAdminAuth,
  component: Users,
})

function Users() {
  return null
}
