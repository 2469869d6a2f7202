import { createFileRoute } from '@tanstack/react-router'
import { z } from 'zod'

// `tab` is required: the guards' redirect to sign-in passes only `redirect`, so kit-auth leaves this alone
// (init then refuses, naming the page)
export const Route = createFileRoute('/login')({
  validateSearch: z.object({
    tab: z.enum(['email', 'otp']),
    next: z.object({ path: z.string().optional() }),
    note: z.string().optional(),
  }),
})
