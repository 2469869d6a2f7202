import { linkPathOf, type RouteEntry } from '../routes/discover.js'
import { rendersChildRoutes } from '../routes/outlet.js'

/** Last URL segments that name a sign-in page (`/auth`, `/account/login`, `/admin/log-in`). */
const SIGN_IN_NAME = /^(?:auth|log-?in|sign-?in)$/i

/**
 * Pages that are not the app's sign-in page, whatever they call: sign-up, password reset, verification, API routes,
 * and the demo pages app templates ship (`create --add-ons better-auth`'s /demo/better-auth signs in and out).
 */
const OTHER_PAGE = /(?:^|\/)(?:api|demos?|examples?|sign-?up|register|forgot[^/]*|reset[^/]*|verify[^/]*)(?:\/|$)/i

/**
 * The app's Better Auth sign-in page at a path outside kit-auth's list, found by what it does: a page named like one
 * (`/auth`, `/account/login`; not the home page, not a layout that shows its child routes) that signs in through
 * Better Auth (`signsInWithBetterAuth`), the shortest when several do. A page named otherwise is never taken, though
 * it calls `signIn` itself: a guest page's `signIn.anonymous()`, an invitation page's inline form, a landing page's
 * "Sign in with Google" button are not the app's sign-in page. Pages of other systems never sign in through Better
 * Auth, so they are never found.
 *
 * @param modules a route's modules (its file and `.lazy.tsx` half)
 * @param signsIn whether those modules sign in through Better Auth
 * @example signInPageByContent(routes, read, signsIn) // { path: '/auth', file: 'src/routes/auth.tsx' }
 */
export function signInPageByContent(
  routes: readonly RouteEntry[],
  read: (file: string) => string | null,
  signsIn: (modules: string[]) => boolean,
): { path: string; file: string } | null {
  const named: { path: string; file: string }[] = []
  for (const route of routes) {
    const urlPath = linkPathOf(route)
    if (!route.file || route.kind === 'layout' || route.kind === 'pathless') continue
    if (urlPath === '/' || urlPath.includes('$') || OTHER_PAGE.test(urlPath)) continue
    if (!SIGN_IN_NAME.test(urlPath.slice(urlPath.lastIndexOf('/') + 1))) continue
    const modules = [route.file, ...(route.lazyFile ? [route.lazyFile] : [])]
    if (rendersChildRoutes(modules.map(read))) continue
    if (signsIn(modules)) named.push({ path: urlPath, file: route.file })
  }
  return named.sort((a, b) => a.path.length - b.path.length)[0] ?? null
}
