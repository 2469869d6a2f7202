import { z } from 'zod'

const schema = z.object({ redirect: z.string().optional() })

export const Route = createFileRoute('/login')({
  validateSearch: schema,
})
