import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = createStart(() => ({
  requestMiddleware: [
    securityHeadersMiddleware,
    csrfMiddleware,
    createCsrfMiddleware({ filter: ({ pathname }) => pathname.startsWith('/_serverFn/admin') }),
  ],
}))
