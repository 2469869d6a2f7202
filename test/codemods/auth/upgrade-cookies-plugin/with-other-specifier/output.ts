import { betterAuth } from 'better-auth'
import { type Something } from 'better-auth/react-start'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  plugins: [tanstackStartCookies()],
})

export type Extra = Something
