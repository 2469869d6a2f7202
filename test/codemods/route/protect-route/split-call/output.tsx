import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute(
  '/settings/profile',
)(
  {
    beforeLoad: requireAuth,
    component: Profile,
  },
)

function Profile() {
  return <p>profile</p>
}
