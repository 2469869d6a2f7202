import { createFileRoute } from '@tanstack/react-router'
import { restHandlers } from 'some-rest-kit'
import { requireSession } from '#/lib/auth/session'

// Handlers spread from a package: their code cannot be read, so nothing shows they authorize.
// expect: unprotected server-route
export const Route = createFileRoute('/api/package-crud')({
  server: {
    handlers: {
      ...restHandlers,
      async PUT() {
        await requireSession()
        return new Response(null, { status: 204 })
      },
    },
  },
})
