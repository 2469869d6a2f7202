import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/export')({
  beforeLoad: requireAuth,
  server: {
    handlers: {
      GET: () => new Response('csv'),
    },
  },
  component: Export,
})

function Export() {
  return null
}
