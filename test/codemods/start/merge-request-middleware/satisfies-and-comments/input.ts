import { createStart } from '@tanstack/react-start'
import { clerkMiddleware } from '@clerk/tanstack-react-start/server'

/** The app's start config. */
export const startInstance = createStart(
  () =>
    ({
      /* auth first */
      requestMiddleware: [clerkMiddleware()],
    }) satisfies Record<string, unknown>,
)
