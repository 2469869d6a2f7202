export const Route = createFileRoute('/login')({
  validateSearch: (search): { next?: string } => ({ next: typeof search.next === 'string' ? search.next : undefined }),
  component: Login,
})
