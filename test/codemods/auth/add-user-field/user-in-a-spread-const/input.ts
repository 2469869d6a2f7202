import { betterAuth } from 'better-auth'

const options = {
  user: { deleteUser: { enabled: true } },
}

export const auth = betterAuth({ ...options, plugins: [...options.plugins] })
