import * as z from 'zod/v4'

export const Route = createFileRoute('/login')({
  validateSearch: (search) => z.object({ redirectUrl: z.string().optional() }).parse(search),
  component: Login,
})
