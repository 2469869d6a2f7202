import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/filters')({
  validateSearch: (search: Record<string, unknown>) => search, // untyped for now
  component: Filters,
})

function Filters() {
  return null
}
