import { createAuthClient } from 'better-auth/react'
import {
  adminClient,
  inferAdditionalFields,
  organizationClient,
} from 'better-auth/client/plugins'
import type { myAuth as auth } from './auth'

export const client = createAuthClient({
  baseURL: 'http://localhost:3000',
  plugins: [
    adminClient(),
    inferAdditionalFields<typeof auth>(),
    organizationClient(),
  ],
})
