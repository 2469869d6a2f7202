import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/projects')({
  beforeLoad: async ({ params, context }) => {
    const project = await context.api.project(params)
    return { project }
  },
  component: Projects,
})

function Projects() {
  return null
}
