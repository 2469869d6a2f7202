import { createFileRoute } from '@tanstack/react-router'
import { requireAdminAuth } from '../lib/auth/guards'

export const Route = createFileRoute('/audit')({
  loader: (ctx) => requireAdminAuth(ctx),
  component: Audit,
})

function Audit() {
  return null
}
