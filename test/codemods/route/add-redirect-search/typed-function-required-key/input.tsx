export const Route = createFileRoute('/auth')({
  validateSearch: (search: Record<string, unknown>): { tab: string } => ({
    tab: typeof search.tab === 'string' ? search.tab : 'sign-in',
  }),
  component: AuthPage,
})
