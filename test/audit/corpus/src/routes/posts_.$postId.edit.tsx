import { createFileRoute } from '@tanstack/react-router'

// expect: unprotected route
export const Route = createFileRoute('/posts_/$postId/edit')({
  component: () => <p>edit</p>,
})
