import { createFileRoute } from '@tanstack/react-router'

const routeOptions = {
  loader: async () => ({ items: [] as string[] }),
  component: Items,
}

export const Route = createFileRoute('/items')(routeOptions)

function Items() {
  return null
}
