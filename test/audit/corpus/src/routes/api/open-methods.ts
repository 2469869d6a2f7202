import { createFileRoute } from '@tanstack/react-router'
import { db } from '#/server/db'

const options = {
  server: {
    handlers: {
      async GET() {
        return Response.json(await db.stats())
      },
    },
  },
}

// expect: unprotected server-route
export const Route = createFileRoute('/api/open-methods')(options)
