import { betterAuth } from 'better-auth'

const options = {
  user: {
    deleteUser: { enabled: true },
    additionalFields: {
      // Set it to lock a user out: getSession() treats them as anonymous.
      deactivatedAt: { type: 'date', required: false, input: false },
    },
  },
}

export const auth = betterAuth({ ...options, plugins: [...options.plugins] })
