import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/legacy')({
  component: Legacy,
  validateSearch: (search: Record<string, unknown>) => search
})

function Legacy() {
  return null
}
