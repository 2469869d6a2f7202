import { createFileRoute } from '@tanstack/react-router'
import { apiAuthMiddleware } from '#/server'
import { db } from '#/server/db'

// expect: protected
export const Route = createFileRoute('/api/admin-stats')({
  server: {
    middleware: [apiAuthMiddleware],
    handlers: {
      GET: async () => Response.json(await db.stats()),
      DELETE: async () => new Response(null, { status: 204 }),
    },
  },
})
