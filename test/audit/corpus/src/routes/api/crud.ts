import { createFileRoute } from '@tanstack/react-router'
import { crud } from '#/server/handlers/crud'

// Spread handlers that check nothing.
// expect: unprotected server-route
export const Route = createFileRoute('/api/crud')({
  server: {
    handlers: { ...crud },
  },
})
