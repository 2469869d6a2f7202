import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

export const Route = createFileRoute('/search')({
  validateSearch: (search: Record<string, unknown>) => ({ q: String(search.q ?? '') }),
  loaderDeps: ({ search }) => ({ q: search.q }),
  beforeLoad: requireAuth,
  loader: ({ deps }) => deps.q,
  component: Search,
})

function Search() {
  return null
}
