export const Route = createFileRoute('/login')(makeOptions())
