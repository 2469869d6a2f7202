import { createFileRoute } from '@tanstack/react-router'
import {
  type GuardContext, // the session the guards put in the route context
  requireAuth,
} from '#/lib/auth/guards'

export const Route = createFileRoute('/settings')({
  beforeLoad: requireAuth,
  component: Settings,
})

function Settings(props: { context?: GuardContext }) {
  return props.context ? null : null
}
