import { createFileRoute } from '@tanstack/react-router'

// expect: public
/** @public the payment provider calls it; the signature is checked instead */
export const Route = createFileRoute('/api/webhook')({
  server: {
    handlers: {
      POST: async ({ request }) => new Response(await request.text()),
    },
  },
})
