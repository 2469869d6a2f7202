import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/search')({
  validateSearch: (search: Record<string, unknown>) => ({ q: String(search.q ?? '') }),
  loaderDeps: ({ search }) => ({ q: search.q }),
  loader: ({ deps }) => deps.q,
  component: Search,
})

function Search() {
  return null
}
