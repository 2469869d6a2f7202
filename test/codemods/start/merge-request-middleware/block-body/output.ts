import { createMiddleware, createStart } from '@tanstack/react-start'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

const timingMiddleware = createMiddleware().server(async ({ next }) => {
  const started = Date.now()
  const result = await next()
  console.log(`took ${Date.now() - started}ms`)
  return result
})

export const startInstance = createStart(() => {
  // keep timing first in dev
  return {
    requestMiddleware: [
      securityHeadersMiddleware,
      csrfMiddleware,
      timingMiddleware, // measures everything
    ],
    functionMiddleware: [],
  }
})
