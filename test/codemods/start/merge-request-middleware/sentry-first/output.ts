import {
  sentryGlobalFunctionMiddleware,
  sentryGlobalRequestMiddleware,
} from '@sentry/tanstackstart-react'
import { createStart } from '@tanstack/react-start'
import { clerkMiddleware } from '@clerk/tanstack-react-start/server'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

// Sentry asks to be the first entry of both lists.
export const startInstance = createStart(() => {
  return {
    requestMiddleware: [
      sentryGlobalRequestMiddleware,
      securityHeadersMiddleware,
      csrfMiddleware,
      clerkMiddleware(),
    ],
    functionMiddleware: [sentryGlobalFunctionMiddleware],
  }
})
