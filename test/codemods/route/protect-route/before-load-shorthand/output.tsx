import { createFileRoute } from '@tanstack/react-router'
import { requireAuth } from '#/lib/auth/guards'

const beforeLoad = ({ context }: { context: { tenant: string } }) => ({ tenant: context.tenant })

export const Route = createFileRoute('/tenant')({
  beforeLoad: async (ctx) => ({ ...(await requireAuth(ctx)), ...((await (beforeLoad)(ctx)) ?? {}) }),
  component: Tenant,
})

function Tenant() {
  return null
}
