import { createFileRoute } from '@tanstack/react-router'
import { loadWorkspace } from '#/lib/workspace'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/workspace')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (loadWorkspace)(ctx)) ?? {}) }),
  component: Workspace,
})

function Workspace() {
  return null
}
