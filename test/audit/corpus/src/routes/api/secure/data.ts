import { createFileRoute } from '@tanstack/react-router'
import { db } from '#/server/db'

// expect: protected
export const Route = createFileRoute('/api/secure/data')({
  server: {
    handlers: {
      GET: async () => Response.json(await db.stats()),
    },
  },
})
