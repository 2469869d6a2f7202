import { createFileRoute } from '@tanstack/react-router'
import { withFeature } from '#/lib/features'

export const Route = createFileRoute('/labs')({ beforeLoad: withFeature('labs'), component: Labs })

function Labs() {
  return null
}
