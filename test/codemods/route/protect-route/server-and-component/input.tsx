import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/export')({
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
