import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/inbox')({
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
