import { createStart } from '@tanstack/react-start'
import { authFunctionMiddleware } from './fn'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = createStart(() => ({
  requestMiddleware: [securityHeadersMiddleware, csrfMiddleware],
  // runs around every server function
  functionMiddleware: [authFunctionMiddleware],
}))
