import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/quoted')({
  'beforeLoad': () => ({ quoted: true }),
  component: Quoted,
})

function Quoted() {
  return null
}
