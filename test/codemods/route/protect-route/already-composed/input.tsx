import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/composed')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (() => ({ x: 1 }))()) ?? {}) }),
  component: Composed,
})

function Composed() {
  return null
}
