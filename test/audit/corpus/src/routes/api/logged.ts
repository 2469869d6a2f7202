import { createFileRoute } from '@tanstack/react-router'
import { requestLogger } from '#/server/middleware'
import { db } from '#/server/db'

// expect: unprotected server-route
export const Route = createFileRoute('/api/logged')({
  server: {
    middleware: [requestLogger],
    handlers: {
      GET: async () => Response.json(await db.stats()),
    },
  },
})
