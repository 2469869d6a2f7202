export const Route = createFileRoute('/login')({
  validateSearch: (search): { next?: string; redirect?: string } => ({ redirect: typeof search.redirect === 'string' ? search.redirect : undefined, next: typeof search.next === 'string' ? search.next : undefined }),
  component: Login,
})
