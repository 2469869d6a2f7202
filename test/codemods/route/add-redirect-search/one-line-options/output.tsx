export const Route = createFileRoute('/login')({
  validateSearch: ({ redirect }: Record<string, unknown>): { redirect?: string } => ({
    redirect: typeof redirect === 'string' ? redirect : undefined,
  }),
  component: Login,
})
