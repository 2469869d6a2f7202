import { createFileRoute } from '@tanstack/react-router'
import { z } from 'zod'

export const Route = createFileRoute('/login')({
  validateSearch: z.object({
    tab: z.enum(['email', 'otp']).default('email'),
    note: z.string().optional(),
  }),
})
