import { betterAuth } from 'better-auth'
import { organization } from 'better-auth/plugins'
import { apiTokens } from '#/lib/auth/api-tokens'
import { accountLockout } from '#/lib/auth/lockout'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  plugins: [
    organization(),
    apiTokens(),
    accountLockout(),
    tanstackStartCookies(),
  ],
})
