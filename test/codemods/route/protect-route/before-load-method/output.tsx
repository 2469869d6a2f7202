import { createFileRoute, redirect } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/method')({
  async beforeLoad(ctx) { return { ...(await requireAuth(ctx)), ...((await (function ({ context }) {
    if (!context.ready) throw redirect({ to: '/' })
  })(ctx)) ?? {}) } },
  component: Method,
})

function Method() {
  return null
}
