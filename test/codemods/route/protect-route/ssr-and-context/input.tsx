import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/ssr')({
  ssr: false,
  context: () => ({ startedAt: Date.now() }),
  loader: () => null,
  component: Ssr,
})

function Ssr() {
  return null
}
