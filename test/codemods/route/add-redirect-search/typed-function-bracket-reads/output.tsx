export const Route = createFileRoute('/auth')({
  validateSearch: (search: Record<string, unknown>): { callbackUrl?: string; redirect?: string } => ({
    redirect: typeof search['redirect'] === 'string' ? search['redirect'] : undefined,
    callbackUrl: typeof search['callbackUrl'] === 'string' ? search['callbackUrl'] : undefined,
  }),
  component: AuthPage,
})
