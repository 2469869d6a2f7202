import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/ctx')({
  beforeLoad: () => ({ title: 'Context' }),
  component: Ctx,
})

function Ctx() {
  return null
}
