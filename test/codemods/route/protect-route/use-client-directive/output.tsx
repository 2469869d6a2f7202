'use client'
import { requireAuth } from '#/lib/auth/guards'


export const Route = createFileRoute('/client')({ beforeLoad: requireAuth, component: Client })

function Client() {
  return null
}
