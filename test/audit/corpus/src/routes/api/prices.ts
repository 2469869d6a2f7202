import { createFileRoute } from '@tanstack/react-router'
import { db } from '#/server/db'

// A route-level @public over reads only.
// expect: public
/** @public prices are shown to everyone */
export const Route = createFileRoute('/api/prices')({
  server: {
    handlers: {
      GET: async () => Response.json(await db.stats()),
      HEAD: async () => new Response(null),
    },
  },
})
