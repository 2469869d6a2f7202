import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/ctx')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (() => ({ title: 'Context' }))()) ?? {}) }),
  component: Ctx,
})

function Ctx() {
  return null
}
