import { createFileRoute, redirect } from '@tanstack/react-router'

export const Route = createFileRoute('/method')({
  beforeLoad({ context }) {
    if (!context.ready) throw redirect({ to: '/' })
  },
  component: Method,
})

function Method() {
  return null
}
