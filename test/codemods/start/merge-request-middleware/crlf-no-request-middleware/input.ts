import { createStart } from '@tanstack/react-start'
import { authFunctionMiddleware } from './fn'

export const startInstance = createStart(async () => ({
  functionMiddleware: [authFunctionMiddleware],
}))
