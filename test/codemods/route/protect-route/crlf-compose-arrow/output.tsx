import { createFileRoute, redirect } from '@tanstack/react-router'
import { loadTeam } from '#/lib/teams'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/teams/$teamId')({
  params: { parse: (p) => p },
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (async ({ params }) => {
    const team = await loadTeam(params.teamId)
    if (!team) throw redirect({ to: '/' })
    return { team }
  })(ctx)) ?? {}) }),
  component: Team,
})

function Team() {
  return null
}
