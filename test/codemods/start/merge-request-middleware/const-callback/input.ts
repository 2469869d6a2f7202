import { createStart } from '@tanstack/react-start'
import { loggingMiddleware } from './middleware'

const startOptions = () => ({
  requestMiddleware: [loggingMiddleware],
})

export const startInstance = createStart(startOptions)
