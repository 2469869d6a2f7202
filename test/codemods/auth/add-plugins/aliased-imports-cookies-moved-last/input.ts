import { betterAuth as createAuth } from 'better-auth/minimal'
import { organization as org } from 'better-auth/plugins'
import { reactStartCookies } from 'better-auth/react-start'

export const auth = createAuth({
  plugins: [
    reactStartCookies(),
    org(),
  ],
})
