import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import type { RouteEntry } from '../routes/discover.js'
import { rendersChildRoutes } from '../routes/outlet.js'

/**
 * Auth client calls only a signed-out visitor makes: signing in or up, asking for a password reset, setting the
 * new password from the emailed link, verifying an email from its link. (A settings page changes its password
 * with `changePassword`, and may resend a verification email: neither counts.)
 */
const SIGNED_OUT_CALL = new RegExp(
  String.raw`\.\s*(?:signIn|signUp)\s*\.\s*[A-Za-z]+\s*\(` +
    String.raw`|\.\s*(?:resetPassword|requestPasswordReset|forgetPassword|verifyEmail)\s*\(`,
)

/** The sign-in path the guards redirect to: `SIGN_IN_PATH` in lib/auth/session.ts beside the guards. */
export function signInPathOf(changes: ChangeSet, guardsFile: string): { path: string; file: string } | null {
  const file = path.posix.join(path.posix.dirname(guardsFile), 'session.ts')
  const match = /export const SIGN_IN_PATH\s*=\s*['"`]([^'"`]+)['"`]/.exec(changes.read(file) ?? '')
  return match ? { path: match[1]!, file } : null
}

/**
 * Why a route is a page signed-out visitors must reach (a require guard on it, or on a layout above it, would
 * send them to sign-in, or from sign-in to itself), or null: the guards' sign-in page, or a page that signs in,
 * signs up, resets a password or verifies an email through the auth client. A layout that renders its child routes
 * (an `<Outlet />`) and shows a sign-in form in their place to signed-out visitors is a private area gated on the
 * client, not a signed-out page (`inlineSignIn`).
 *
 * @example signedOutPage(changes, route, { path: '/login', file }) // "the guards' sign-in page (...)"
 */
export function signedOutPage(
  changes: ChangeSet,
  route: RouteEntry,
  signIn: { path: string; file: string } | null,
): string | null {
  const bare = (value: string) => value.replace(/(.)\/$/, '$1')
  if (signIn && bare(route.fullPath) === bare(signIn.path))
    return `the page the guards send signed-out visitors to (SIGN_IN_PATH in ${signIn.file})`
  const calls = signedOutCalls(changes, route)
  return calls && !calls.rendersChildren ? `a page for signed-out visitors (it calls \`${calls.call}\`)` : null
}

/**
 * The signed-out call (`signIn.email(`) of a route that renders its child routes to signed-in visitors and a sign-in
 * form in their place to the others (a private area gated on the client), or null.
 */
export function inlineSignIn(changes: ChangeSet, route: RouteEntry): string | null {
  const calls = signedOutCalls(changes, route)
  return calls?.rendersChildren ? calls.call : null
}

function signedOutCalls(changes: ChangeSet, route: RouteEntry): { call: string; rendersChildren: boolean } | null {
  const texts = [route.file, route.lazyFile].map((file) => (file ? changes.read(file) : null))
  for (const text of texts) {
    const call = SIGNED_OUT_CALL.exec(text ?? '')
    if (call)
      return { call: call[0].replace(/^\.\s*/, '').replace(/\s+/g, ''), rendersChildren: rendersChildRoutes(texts) }
  }
  return null
}
