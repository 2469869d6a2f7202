import { createFileRoute } from '@tanstack/react-router'
import type { RouteOptions } from '#/lib/route-options'

export const Route = createFileRoute('/reports')({
  component: Reports,
  staleTime: 10_000,
} satisfies RouteOptions)

function Reports() {
  return null
}
