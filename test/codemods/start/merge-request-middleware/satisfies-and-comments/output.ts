import { createStart } from '@tanstack/react-start'
import { clerkMiddleware } from '@clerk/tanstack-react-start/server'
import {
  securityHeadersMiddleware,
  csrfMiddleware,
} from '#/lib/auth/request-middleware'

/** The app's start config. */
export const startInstance = createStart(
  () =>
    ({
      /* auth first */
      requestMiddleware: [securityHeadersMiddleware, csrfMiddleware, clerkMiddleware()],
    }) satisfies Record<string, unknown>,
)
