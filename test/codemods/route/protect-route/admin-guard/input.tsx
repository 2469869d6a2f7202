import { createFileRoute } from '@tanstack/react-router'
import { redirectIfAuthenticated } from '#/lib/auth/guards'

export const Route = createFileRoute('/admin')({
  loader: () => redirectIfAuthenticated,
  component: Admin,
})

function Admin() {
  return null
}
