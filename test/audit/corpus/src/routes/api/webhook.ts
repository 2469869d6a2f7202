import { createFileRoute } from '@tanstack/react-router'

// expect: public
export const Route = createFileRoute('/api/webhook')({
  server: {
    handlers: {
      /** @public the payment provider calls it; the signature is checked instead */
      POST: async ({ request }) => new Response(await request.text()),
    },
  },
})
