import { loginSearch } from '../lib/search'

export const Route = createFileRoute('/login')({
  validateSearch: loginSearch,
})
