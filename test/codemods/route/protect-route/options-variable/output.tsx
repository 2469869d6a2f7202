import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

const routeOptions = {
  beforeLoad: requireAuth,
  loader: async () => ({ items: [] as string[] }),
  component: Items,
}

export const Route = createFileRoute('/items')(routeOptions)

function Items() {
  return null
}
