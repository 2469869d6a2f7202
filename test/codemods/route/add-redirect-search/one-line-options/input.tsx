export const Route = createFileRoute('/login')({ component: Login })
