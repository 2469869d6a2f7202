import { createCsrfMiddleware, createStart } from '@tanstack/react-start'

export const startInstance = createStart(() => ({
  requestMiddleware: [
    createCsrfMiddleware({ filter: ({ pathname }) => pathname.startsWith('/_serverFn/admin') }),
  ],
}))
