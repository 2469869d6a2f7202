import { createFileRoute } from '@tanstack/react-router'
import { requireAdminAuth, requireAuth } from '../lib/auth/guards'

export const Route = createFileRoute('/audit')({
  beforeLoad: requireAuth,
  loader: (ctx) => requireAdminAuth(ctx),
  component: Audit,
})

function Audit() {
  return null
}
