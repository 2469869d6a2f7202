import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/ping')({
  async beforeLoad() {
    await fetch('/api/ping')
  },
  component: Ping,
})

function Ping() {
  return null
}
