import { createFileRoute } from '@tanstack/react-router'
import { auth } from '#/lib/auth/auth'
import { withClientIp } from '#/lib/auth/client-ip'

export const Route = createFileRoute('/api/auth/$')({
  server: {
    handlers: {
      // The client address Better Auth rate-limits by comes from lib/auth/client-ip.ts.
      GET: async ({ request }) => auth.handler(await withClientIp(request)),
      POST: async ({ request }) => auth.handler(await withClientIp(request)),
    },
  },
})
