import {
  sentryGlobalFunctionMiddleware,
  sentryGlobalRequestMiddleware,
} from '@sentry/tanstackstart-react'
import { createStart } from '@tanstack/react-start'
import { clerkMiddleware } from '@clerk/tanstack-react-start/server'

// Sentry asks to be the first entry of both lists.
export const startInstance = createStart(() => {
  return {
    requestMiddleware: [
      sentryGlobalRequestMiddleware,
      clerkMiddleware(),
    ],
    functionMiddleware: [sentryGlobalFunctionMiddleware],
  }
})
