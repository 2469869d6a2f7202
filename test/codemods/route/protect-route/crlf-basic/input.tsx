import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/windows')({
  component: Windows,
})

function Windows() {
  return null
}
