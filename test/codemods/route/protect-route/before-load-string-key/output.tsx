import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/quoted')({
  'beforeLoad': async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (() => ({ quoted: true }))()) ?? {}) }),
  component: Quoted,
})

function Quoted() {
  return null
}
