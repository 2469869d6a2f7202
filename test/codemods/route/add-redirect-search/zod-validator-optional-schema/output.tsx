import { createFileRoute } from '@tanstack/react-router'
import { zodValidator } from '@tanstack/zod-adapter'
import { z } from 'zod'

// the whole search may be absent; each key is optional too
const loginSearch = z.object({ reason: z.string().optional(), redirect: z.string().optional() }).optional()

export const Route = createFileRoute('/login')({
  validateSearch: zodValidator(loginSearch),
  component: Login,
})
