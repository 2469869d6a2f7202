import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import { logRequests } from './middleware/log'
import { securityHeadersMiddleware } from '#/lib/auth/request-middleware'

const csrf = createCsrfMiddleware()
const shared = [csrf]
const middleware = [logRequests, ...shared]

export const startInstance = createStart(() => {
  return { requestMiddleware: [securityHeadersMiddleware, ...middleware] }
})
