import { betterAuth } from 'better-auth'
export const auth = betterAuth({
  user: {
    modelName: 'users',
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
})
