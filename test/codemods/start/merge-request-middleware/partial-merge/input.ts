import { createStart } from '@tanstack/react-start'
import { csrfMiddleware } from '#/lib/auth/request-middleware'

export const startInstance = createStart(() => ({
  requestMiddleware: [csrfMiddleware],
}))
