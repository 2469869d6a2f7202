import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import {
  securityHeadersMiddleware,
  csrfMiddleware as kitAuthCsrfMiddleware,
} from '#/lib/auth/request-middleware'

const csrfMiddleware = createCsrfMiddleware({ secFetchSite: ['same-origin', 'same-site'] })

export const startInstance = createStart(() => ({
  requestMiddleware: [securityHeadersMiddleware, kitAuthCsrfMiddleware, csrfMiddleware],
}))
