import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/windows')({
  beforeLoad: requireAuth,
  component: Windows,
})

function Windows() {
  return null
}
