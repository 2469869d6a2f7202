import { requireSession } from '#/lib/auth/session'
import { db } from '../db'

// Handlers shared by routes: they check nothing.
export const crud = {
  GET: async () => Response.json(await db.posts()),
  DELETE: async () => Response.json(await db.stats()),
}

// Handlers shared by routes: each checks the session first.
export const securedCrud = {
  async GET() {
    await requireSession()
    return Response.json(await db.posts())
  },
  async DELETE() {
    await requireSession()
    return Response.json(await db.stats())
  },
}
