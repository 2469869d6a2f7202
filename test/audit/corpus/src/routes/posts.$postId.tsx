import { createFileRoute } from '@tanstack/react-router'

// Nested under the guarded /posts: the guard covers it.
export const Route = createFileRoute('/posts/$postId')({
  component: () => <p>post</p>,
})
