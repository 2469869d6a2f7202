import { createStart } from '@tanstack/react-start'
import { loggingMiddleware } from './middleware'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = createStart(() => ({ requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, loggingMiddleware] }))
