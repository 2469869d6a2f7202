import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/ctx-name')({
  beforeLoad: (ctx) => ({ path: ctx.location.pathname }),
  component: CtxName,
})

function CtxName() {
  return null
}
