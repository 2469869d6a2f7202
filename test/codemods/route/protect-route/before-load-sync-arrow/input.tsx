import { createFileRoute, redirect } from '@tanstack/react-router'

export const Route = createFileRoute('/beta')({
  beforeLoad: ({ context }) => {
    if (!context.flags.beta) throw redirect({ to: '/' })
  },
  component: Beta,
})

function Beta() {
  return null
}
