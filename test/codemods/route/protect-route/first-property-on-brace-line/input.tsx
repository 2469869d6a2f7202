import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/compact')({ component: Compact,
  loader: () => 1 })

function Compact() {
  return null
}
