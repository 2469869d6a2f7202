import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/beta')({
  async beforeLoad({ context }) {
    // beta users only
    return { beta: Boolean(context) }
  },
  component: Beta,
})

function Beta() {
  return null
}
