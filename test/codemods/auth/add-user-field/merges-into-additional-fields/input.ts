import { betterAuth } from 'better-auth'
export const auth = betterAuth({
  user: {
    additionalFields: {
      plan: { type: 'string', required: false }, // billing
    },
  },
})
