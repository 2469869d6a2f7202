import { createStart as defineStart } from '@tanstack/react-start'
import { loggingMiddleware } from './middleware'

export const startInstance = defineStart(() => ({
  requestMiddleware: [loggingMiddleware],
}))
