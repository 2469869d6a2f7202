import { createFileRoute } from '@tanstack/react-router'

const warmCache = async () => {
  await Promise.resolve()
}

export const Route = createFileRoute('/warm')({
  beforeLoad: warmCache,
  component: Warm,
})

function Warm() {
  return null
}
