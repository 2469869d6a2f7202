import { createMiddleware, createStart } from '@tanstack/react-start'

const timingMiddleware = createMiddleware().server(async ({ next }) => next())

export const startInstance = createStart(() => {
  // keep timing first in dev
  return {
    requestMiddleware: [
      timingMiddleware, // measures everything
    ],
  }
})
