import * as Sentry from '@sentry/tanstackstart-react'
import { createStart } from '@tanstack/react-start'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

export const startInstance = createStart(() => ({
  requestMiddleware: [
    Sentry.sentryGlobalRequestMiddleware, // must stay first
    securityHeadersMiddleware,
    csrfMiddleware,
  ],
}))
