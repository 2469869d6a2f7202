import { createFileRoute } from '@tanstack/react-router'
import { auth } from '#/lib/auth/auth'

// Better Auth's own endpoints authenticate the caller themselves.
// expect: protected
export const Route = createFileRoute('/api/legacy-auth/$')({
  server: {
    handlers: {
      GET: ({ request }) => auth.handler(request),
      POST: ({ request }) => auth.handler(request),
    },
  },
})
