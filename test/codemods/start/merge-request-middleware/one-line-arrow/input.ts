import { createStart } from '@tanstack/react-start'
import { loggingMiddleware } from './middleware'

export const startInstance = createStart(() => ({ requestMiddleware: [loggingMiddleware] }))
