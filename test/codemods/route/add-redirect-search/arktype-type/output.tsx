import { type } from 'arktype'

export const Route = createFileRoute('/login')({
  validateSearch: type({ 'error?': 'string', 'redirect?': 'string' }),
})
