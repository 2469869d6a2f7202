import { createStart } from '@tanstack/react-start'
import { authFunctionMiddleware } from './fn'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = createStart(async () => ({
  requestMiddleware: [securityHeadersMiddleware, csrfMiddleware],
  functionMiddleware: [authFunctionMiddleware],
}))
