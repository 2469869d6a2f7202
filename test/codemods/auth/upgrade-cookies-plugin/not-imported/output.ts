import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

const reactStartCookies = 'not the plugin'

export const auth = betterAuth({ plugins: [tanstackStartCookies()] })
