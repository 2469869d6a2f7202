import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

function checkFeature({ location }: { location: { pathname: string } }) {
  if (location.pathname.startsWith('/off')) throw new Error('off')
}

export const Route = createFileRoute('/feature')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (checkFeature)(ctx)) ?? {}) }),
  component: Feature,
})

function Feature() {
  return null
}
