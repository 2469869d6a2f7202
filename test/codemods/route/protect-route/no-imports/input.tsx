export const Route = createFileRoute('/global')({
  component: Global,
})

function Global() {
  return null
}
