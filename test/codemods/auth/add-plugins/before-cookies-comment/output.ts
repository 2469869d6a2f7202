import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { admin } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [
    apiTokens(),
    admin(),
    // Must stay last.
    tanstackStartCookies(),
  ],
})
