import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/beta')({
  async beforeLoad(ctx) { return { ...(await requireAuth(ctx)), ...((await (async function ({ context }) {
    // beta users only
    return { beta: Boolean(context) }
  })(ctx)) ?? {}) } },
  component: Beta,
})

function Beta() {
  return null
}
