import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/inbox')({
  beforeLoad: requireAuth,
  // The inbox page. Keep loader before component.
  loader: () => fetchInbox(), // cached by the router
  /* the page itself */
  component: Inbox,
  // trailing note
})

declare function fetchInbox(): Promise<string[]>
function Inbox() {
  return null
}
