import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export default betterAuth({
  emailAndPassword: { enabled: true },
  user: { modelName: 'users' },
  plugins: [tanstackStartCookies()],
})
