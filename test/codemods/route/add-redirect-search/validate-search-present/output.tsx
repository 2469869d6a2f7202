export const Route = createFileRoute('/login')({
  validateSearch: z.object({ next: z.string() }),
})
