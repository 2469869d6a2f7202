import { z } from 'zod'

export const Route = createFileRoute('/login')({
  validateSearch: z.object({ error: z.string() }).transform((search) => search.error),
})
