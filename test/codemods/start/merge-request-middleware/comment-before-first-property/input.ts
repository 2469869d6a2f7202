import { createStart } from '@tanstack/react-start'
import { authFunctionMiddleware } from './fn'

export const startInstance = createStart(() => ({
  // runs around every server function
  functionMiddleware: [authFunctionMiddleware],
}))
