import { createFileRoute } from '@tanstack/react-router'
import { redirectIfAuthenticated, requireAdminAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/admin')({
  beforeLoad: requireAdminAuth,
  loader: () => redirectIfAuthenticated,
  component: Admin,
})

function Admin() {
  return null
}
