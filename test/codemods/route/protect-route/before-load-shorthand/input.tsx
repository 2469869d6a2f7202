import { createFileRoute } from '@tanstack/react-router'

const beforeLoad = ({ context }: { context: { tenant: string } }) => ({ tenant: context.tenant })

export const Route = createFileRoute('/tenant')({
  beforeLoad,
  component: Tenant,
})

function Tenant() {
  return null
}
