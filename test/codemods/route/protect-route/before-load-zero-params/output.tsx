import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

const warmCache = async () => {
  await Promise.resolve()
}

export const Route = createFileRoute('/warm')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (warmCache)()) ?? {}) }),
  component: Warm,
})

function Warm() {
  return null
}
