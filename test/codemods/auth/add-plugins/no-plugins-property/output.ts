import { betterAuth } from 'better-auth'
import { admin } from 'better-auth/plugins'
import { apiTokens } from '#/lib/auth/api-tokens'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  emailAndPassword: { enabled: true },
  plugins: [
    admin(),
    apiTokens(),
    tanstackStartCookies(),
  ],
})
