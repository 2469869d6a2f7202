import { createFileRoute } from '@tanstack/react-router'
import { loadWorkspace } from '#/lib/workspace'

export const Route = createFileRoute('/workspace')({
  beforeLoad: loadWorkspace,
  component: Workspace,
})

function Workspace() {
  return null
}
