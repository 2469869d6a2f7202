import { createFileRoute, redirect } from '@tanstack/react-router'
import { loadTeam } from '#/lib/teams'

export const Route = createFileRoute('/teams/$teamId')({
  params: { parse: (p) => p },
  beforeLoad: async ({ params }) => {
    const team = await loadTeam(params.teamId)
    if (!team) throw redirect({ to: '/' })
    return { team }
  },
  component: Team,
})

function Team() {
  return null
}
