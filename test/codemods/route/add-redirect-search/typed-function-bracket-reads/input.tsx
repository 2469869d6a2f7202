export const Route = createFileRoute('/auth')({
  validateSearch: (search: Record<string, unknown>): { callbackUrl?: string } => ({
    callbackUrl: typeof search['callbackUrl'] === 'string' ? search['callbackUrl'] : undefined,
  }),
  component: AuthPage,
})
