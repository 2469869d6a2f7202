import { createServerFn } from '@tanstack/react-start'
import { getSession } from '#/lib/auth/session'
import { db } from './db'

const helpers = {
  async requireSession() {
    return getSession()
  },
}

// A local name like kit-auth's helper, taken from an object of the app: it refuses nobody.
// expect: unprotected server-function
export const localHelperName = createServerFn({ method: 'GET' }).handler(async () => {
  const { requireSession } = helpers
  await requireSession()
  return db.posts()
})
