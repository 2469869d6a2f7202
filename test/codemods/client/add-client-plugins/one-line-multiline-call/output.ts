import { createAuthClient } from 'better-auth/react'
import {
  adminClient as admin,
  twoFactorClient,
} from 'better-auth/client/plugins'

export const authClient = createAuthClient({
  plugins: [
    admin(),
    twoFactorClient({
      onTwoFactorRedirect() {
        window.location.assign('/two-factor')
      },
    }),
  ],
})
