import { createStart } from '@tanstack/react-start'
import { sentryMiddleware } from '@sentry/tanstackstart-react'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

const requestMiddleware = [sentryMiddleware]

export const startInstance = createStart(() => ({ requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, ...requestMiddleware], defaultSsr: true }))
