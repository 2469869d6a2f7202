import { betterAuth as createAuth } from 'better-auth'

const auth = createAuth({
  emailAndPassword: { enabled: true },
})

export async function getAuthSession(headers: Headers) {
  return auth.api.getSession({ headers })
}
