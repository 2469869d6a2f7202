import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/account')({
  beforeLoad: requireAuth,
  component: Account,
})

function Account() {
  return null
}
