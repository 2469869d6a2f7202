import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

const csrf = createCsrfMiddleware({
  filter: (ctx) => ctx.handlerType === 'serverFn',
  allowRequestsWithoutOriginCheck: true,
})

export const startInstance = createStart(() => ({
  requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, csrf],
}))
