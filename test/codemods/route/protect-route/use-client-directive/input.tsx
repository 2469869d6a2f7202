'use client'

export const Route = createFileRoute('/client')({ component: Client })

function Client() {
  return null
}
