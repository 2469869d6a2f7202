import { createFileRoute } from '@tanstack/react-router'
import type { RouteOptions } from '#/lib/route-options'
import { requireAuth } from '#/lib/auth/guards'

const options = { beforeLoad: requireAuth, component: Billing } satisfies RouteOptions

export const Route = createFileRoute('/billing')(options)

function Billing() {
  return null
}
