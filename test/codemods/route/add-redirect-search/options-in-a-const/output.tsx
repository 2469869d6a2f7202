const options = {
  validateSearch: ({ redirect }: Record<string, unknown>): { redirect?: string } => ({
    redirect: typeof redirect === 'string' ? redirect : undefined,
  }),
  component: Login,
} as const
export const Route = createFileRoute('/login')(options)
