// Test-only server route: its handlers call the generated getSession(), so an API token's
// scopes apply to GET (read) and POST (write) here as they do to server functions.
import { createFileRoute } from '@tanstack/react-router'
import { getSession } from '#/lib/auth/session'

async function whoIsCalling() {
  const session = await getSession()
  if (!session) return new Response('Unauthorized', { status: 401 })
  return Response.json({ id: session.user.id, apiToken: session.apiToken ?? null })
}

export const Route = createFileRoute('/api/e2e/tokens')({
  server: { handlers: { GET: whoIsCalling, POST: whoIsCalling } },
})
