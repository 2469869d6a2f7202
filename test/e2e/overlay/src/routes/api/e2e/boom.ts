import { createFileRoute } from '@tanstack/react-router'

// A server route whose handler throws: its 500 must still carry the security headers.
export const Route = createFileRoute('/api/e2e/boom')({
  server: {
    handlers: {
      GET: () => {
        throw new Error('e2e: a server route handler that throws')
      },
    },
  },
})
