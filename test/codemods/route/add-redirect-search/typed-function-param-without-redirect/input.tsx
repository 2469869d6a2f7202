export const Route = createFileRoute('/login')({
  validateSearch: (search: { next?: string }): { next?: string } => ({ next: search.next }),
  component: Login,
})
