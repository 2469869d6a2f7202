import { createFileRoute } from '@tanstack/react-router'
import { getSession } from '#/lib/auth/session'

// expect: protected
export const Route = createFileRoute('/api/me')({
  server: {
    handlers: {
      GET: async () => {
        const session = await getSession()
        if (!session) return new Response('Unauthorized', { status: 401 })
        return Response.json(session.user)
      },
    },
  },
})
