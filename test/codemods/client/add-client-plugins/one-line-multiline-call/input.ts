import { createAuthClient } from 'better-auth/react'
import { adminClient as admin } from 'better-auth/client/plugins'

export const authClient = createAuthClient({
  plugins: [admin()],
})
