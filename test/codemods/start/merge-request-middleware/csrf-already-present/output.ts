import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import { securityHeadersMiddleware } from '#/lib/auth/request-middleware'

const csrf = createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })

export const startInstance = createStart(() => ({
  requestMiddleware: [securityHeadersMiddleware, csrf],
}))
