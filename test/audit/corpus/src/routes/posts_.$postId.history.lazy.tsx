import { createLazyFileRoute } from '@tanstack/react-router'

// Only the code-split half: no beforeLoad can sit here, and none covers it.
// expect: unprotected route
export const Route = createLazyFileRoute('/posts_/$postId/history')({
  component: () => <p>history</p>,
})
