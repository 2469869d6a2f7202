import { createFileRoute } from '@tanstack/react-router'
import { apiAuthMiddleware } from '#/server/middleware'

// Middleware of a parent route runs for its children's handlers too.
export const Route = createFileRoute('/api/secure')({
  server: {
    middleware: [apiAuthMiddleware],
  },
})
