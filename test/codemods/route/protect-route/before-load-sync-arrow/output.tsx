import { createFileRoute, redirect } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/beta')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (({ context }) => {
    if (!context.flags.beta) throw redirect({ to: '/' })
  })(ctx)) ?? {}) }),
  component: Beta,
})

function Beta() {
  return null
}
