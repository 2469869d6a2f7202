import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/legacy-fn')({
  beforeLoad: async function ({ context }) {
    return { legacy: context.legacy }
  },
  component: LegacyFn,
})

function LegacyFn() {
  return null
}
