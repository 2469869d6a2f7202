import { fallback, zodValidator } from '@tanstack/zod-adapter'
import { z } from 'zod'

const base = z.object({ step: z.enum(['email', 'code']).default('email'), redirect: z.string().optional() })
const withDefault = base.strict().default({ step: 'email' })
const schema = fallback(z.optional(withDefault.catch({ step: 'email' })), undefined)

export const Route = createFileRoute('/login')({
  validateSearch: zodValidator({ schema, output: 'output' }),
  component: Login,
})
