import { createFileRoute } from '@tanstack/react-router'
import { apiAuthMiddleware } from '#/server/middleware'
import { db } from '#/server/db'

// expect: unprotected server-route
export const Route = createFileRoute('/api/items')({
  server: {
    handlers: ({ createHandlers }) =>
      createHandlers({
        GET: {
          middleware: [apiAuthMiddleware],
          handler: async () => Response.json(await db.posts()),
        },
        POST: {
          handler: async ({ request }) => Response.json(await request.json()),
        },
      }),
  },
})
