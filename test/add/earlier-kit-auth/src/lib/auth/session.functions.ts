import { createServerFn } from '@tanstack/react-start'
import { getSession, isUserAdmin } from './session'

/**
 * The caller's session for guards and components, or null. Usable in beforeLoad on the client too.
 * getSession() never carries the session token (a credential), so none reaches the browser.
 */
export const fetchSession = createServerFn({ method: 'GET' }).handler(() =>
  getSession(),
)

/** What the UI may show: `{ isAdmin }`. */
export const fetchAuthState = createServerFn({ method: 'GET' }).handler(
  async () => ({ isAdmin: await isUserAdmin() }),
)
