import { createStart } from '@tanstack/react-start'
import {
  csrfMiddleware,
  securityHeadersMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = createStart(() => ({
  requestMiddleware: [securityHeadersMiddleware, csrfMiddleware],
}))
