import { createFileRoute } from '@tanstack/react-router'

// expect: protected
export const Route = createFileRoute('/reports/$reportId')({
  component: () => <p>report</p>,
})
