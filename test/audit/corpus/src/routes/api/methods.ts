import { createFileRoute } from '@tanstack/react-router'
import { requireSession } from '#/lib/auth/session'
import { db } from '#/server/db'

async function exportCsv() {
  await requireSession()
  return new Response(JSON.stringify(await db.posts()))
}

// expect: protected
export const Route = createFileRoute('/api/methods')({
  server: {
    handlers: {
      async GET() {
        await requireSession()
        return Response.json(await db.stats())
      },
      POST: exportCsv,
    },
  },
})
