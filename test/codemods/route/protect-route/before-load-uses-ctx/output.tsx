import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/ctx-name')({
  beforeLoad: async (routeCtx) => ({ ...(await requireAuth(routeCtx)), ...((await ((ctx) => ({ path: ctx.location.pathname }))(routeCtx)) ?? {}) }),
  component: CtxName,
})

function CtxName() {
  return null
}
