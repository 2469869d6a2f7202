import { createFileRoute } from '@tanstack/react-router'
import type { RouteOptions } from '#/lib/route-options'

const options = { component: Billing } satisfies RouteOptions

export const Route = createFileRoute('/billing')(options)

function Billing() {
  return null
}
