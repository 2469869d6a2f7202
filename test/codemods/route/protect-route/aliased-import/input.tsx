import { createFileRoute } from '@tanstack/react-router'
import { requireAuth as mustSignIn } from '#/lib/auth/guards'

export const Route = createFileRoute('/aliased')({
  component: Aliased,
})

function Aliased() {
  return null
}
