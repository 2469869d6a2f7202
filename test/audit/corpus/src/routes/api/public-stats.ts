import { createFileRoute } from '@tanstack/react-router'
import { db } from '#/server/db'

// expect: unprotected server-route
export const Route = createFileRoute('/api/public-stats')({
  server: {
    handlers: {
      GET: async () => Response.json(await db.stats()),
    },
  },
})
