import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/global')({
  beforeLoad: requireAuth,
  component: Global,
})

function Global() {
  return null
}
