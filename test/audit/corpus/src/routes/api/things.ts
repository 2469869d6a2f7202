import { createFileRoute } from '@tanstack/react-router'
import { getSession } from '#/lib/auth/session'
import { apiAuthMiddleware } from '#/server/middleware'
import { db } from '#/server/db'

// expect: protected
export const Route = createFileRoute('/api/things')({
  server: {
    handlers: ({ createHandlers }) =>
      createHandlers({
        GET: {
          middleware: [apiAuthMiddleware],
          handler: async () => Response.json(await db.posts()),
        },
        POST: async () => {
          const session = await getSession()
          if (!session) return new Response(null, { status: 401 })
          return Response.json(await db.postsOf(session.user.id))
        },
      }),
  },
})
