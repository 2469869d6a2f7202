import { createFileRoute } from '@tanstack/react-router'
import { withFeature } from '#/lib/features'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/labs')({ beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (withFeature('labs'))(ctx)) ?? {}) }), component: Labs })

function Labs() {
  return null
}
