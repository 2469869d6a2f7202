import { createStart as defineStart } from '@tanstack/react-start'
import { loggingMiddleware } from './middleware'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = defineStart(() => ({
  requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, loggingMiddleware],
}))
