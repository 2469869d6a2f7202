import { createFileRoute } from '@tanstack/react-router'

function checkFeature({ location }: { location: { pathname: string } }) {
  if (location.pathname.startsWith('/off')) throw new Error('off')
}

export const Route = createFileRoute('/feature')({
  beforeLoad: checkFeature,
  component: Feature,
})

function Feature() {
  return null
}
