import { zodValidator } from '@tanstack/zod-adapter'
import { z } from 'zod'

const schema = z
  .object({
    error: z.string().optional(),
    tab: z.enum(['email', 'otp']).optional()
  })
  .strict()

export const Route = createFileRoute('/login')({
  validateSearch: zodValidator(schema),
  component: Login,
})
