import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/projects')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (async ({ params, context }) => {
    const project = await context.api.project(params)
    return { project }
  })(ctx)) ?? {}) }),
  component: Projects,
})

function Projects() {
  return null
}
