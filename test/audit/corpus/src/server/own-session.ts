import { getSession } from '../lib/auth/session'

// An adopted app's own helper named like kit-auth's: it returns the session (or null) and refuses nobody.
export async function requireSession() {
  return getSession()
}

// An object whose method is named like kit-auth's helper: it only reads.
export const accounts = {
  async getAccountContext() {
    const session = await getSession()
    return { user: session?.user ?? null }
  },
}

// A local assertion that does throw on a falsy value.
export function ensure(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message)
}

// Named like an assertion, but only logs.
export function ok(value: unknown) {
  if (!value) console.warn('no value')
}
