import { createStart } from '@tanstack/react-start'
import { sentryMiddleware } from '@sentry/tanstackstart-react'

const requestMiddleware = [sentryMiddleware]

export const startInstance = createStart(() => ({ requestMiddleware, defaultSsr: true }))
