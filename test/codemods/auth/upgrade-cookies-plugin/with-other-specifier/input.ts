import { betterAuth } from 'better-auth'
import { reactStartCookies, type Something } from 'better-auth/react-start'

export const auth = betterAuth({
  plugins: [reactStartCookies()],
})

export type Extra = Something
