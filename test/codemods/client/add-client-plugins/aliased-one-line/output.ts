import { createAuthClient } from 'better-auth/react'
import {
  adminClient as admin,
  organizationClient,
} from 'better-auth/client/plugins'

export const authClient = createAuthClient({
  plugins: [admin(), organizationClient()],
})
