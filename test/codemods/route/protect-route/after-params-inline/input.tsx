import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/teams/$teamId')({ params: { parse: (p) => p, stringify: (p) => p }, component: Team })

function Team() {
  return null
}
