import { createStart } from '@tanstack/react-start'
import { loggingMiddleware } from './middleware'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

const startOptions = () => ({
  requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, loggingMiddleware],
})

export const startInstance = createStart(startOptions)
