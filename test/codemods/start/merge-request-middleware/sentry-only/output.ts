import * as Sentry from '@sentry/tanstackstart-react'
import { createStart } from '@tanstack/react-start'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = createStart(async () => ({
  requestMiddleware: [Sentry.sentryGlobalRequestMiddleware, securityHeadersMiddleware, csrfMiddleware],
  functionMiddleware: [Sentry.sentryGlobalFunctionMiddleware],
}))
