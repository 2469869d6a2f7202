import { createFileRoute } from '@tanstack/react-router'

// expect: unprotected route
export const Route = createFileRoute('/reports_/$reportId/share')({
  component: () => <p>share</p>,
})
