import { createFileRoute } from '@tanstack/react-router'
import { db } from '#/server/db'

// A route-level @public covers the read, not the write.
// expect: unprotected server-route
/** @public the catalog is shown to everyone */
export const Route = createFileRoute('/api/catalog')({
  server: {
    handlers: {
      GET: async () => Response.json(await db.posts()),
      POST: async ({ request }) => Response.json(await db.insert('anonymous', await request.text())),
    },
  },
})
