import { betterAuth } from 'better-auth'
export const auth = betterAuth({
  user: { modelName: 'users' },
})
