import { betterAuth } from 'better-auth'
export const auth = betterAuth({
  user: {
    additionalFields: {
      plan: { type: 'string', required: false }, // billing
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
})
