import { createFileRoute } from '@tanstack/react-router'

// expect: public
/** @public the public feed */
export const Route = createFileRoute('/posts_/feed')({
  component: () => <p>feed</p>,
})
