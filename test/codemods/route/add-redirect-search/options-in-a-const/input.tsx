const options = { component: Login } as const
export const Route = createFileRoute('/login')(options)
