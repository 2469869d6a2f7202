import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/_app/inbox')({
  validateSearch: (search: Record<string, unknown>) => ({ page: Number(search.page ?? 1) }),
  async beforeLoad({ search, context }) {
    if (search.page < 0) throw new Error('bad page')
    return { page: search.page, app: context.appName }
  },
  component: Inbox,
})

function Inbox() {
  return null
}
