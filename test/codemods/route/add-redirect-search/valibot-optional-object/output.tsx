import * as v from 'valibot'

export const Route = createFileRoute('/login')({
  validateSearch: v.fallback(v.optional(v.object({ error: v.optional(v.string()), redirect: v.optional(v.string()) }), {}), {}),
})
