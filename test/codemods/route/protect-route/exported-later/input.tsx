import { createFileRoute } from '@tanstack/react-router'

const Route = createFileRoute('/late')({
  component: Late,
})

function Late() {
  return null
}

export { Route }
