import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import { logRequests } from './middleware/log'

const csrf = createCsrfMiddleware()
const shared = [csrf]
const middleware = [logRequests, ...shared]

export const startInstance = createStart(() => {
  return { requestMiddleware: middleware }
})
