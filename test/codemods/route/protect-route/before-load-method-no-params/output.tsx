import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/ping')({
  async beforeLoad(ctx) { return { ...(await requireAuth(ctx)), ...((await (async function () {
    await fetch('/api/ping')
  })()) ?? {}) } },
  component: Ping,
})

function Ping() {
  return null
}
