import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/legacy-fn')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (async function ({ context }) {
    return { legacy: context.legacy }
  })(ctx)) ?? {}) }),
  component: LegacyFn,
})

function LegacyFn() {
  return null
}
