import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

// expect: protected
export const Route = createFileRoute('/posts_/$postId/print')({
  beforeLoad: requireAuth,
  component: () => <p>print</p>,
})
