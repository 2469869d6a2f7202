import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/_app/inbox')({
  validateSearch: (search: Record<string, unknown>) => ({ page: Number(search.page ?? 1) }),
  async beforeLoad(ctx) { return { ...(await requireAuth(ctx)), ...((await (async function ({ search, context }) {
    if (search.page < 0) throw new Error('bad page')
    return { page: search.page, app: context.appName }
  })(ctx)) ?? {}) } },
  component: Inbox,
})

function Inbox() {
  return null
}
