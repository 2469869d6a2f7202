import { createFileRoute } from '@tanstack/react-router'
import { securedCrud } from '#/server/handlers/crud'

// Spread handlers that each check the session.
// expect: protected
export const Route = createFileRoute('/api/secured-crud')({
  server: {
    handlers: { ...securedCrud },
  },
})
