import { callsSignIn } from '../codemods/page/signs-in-with-better-auth.js'
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
 * The app's Better Auth sign-in page at a path outside kit-auth's list, found by what it does: a page (not the home
 * page, not a layout that shows its child routes) that signs in through Better Auth (`signsInWithBetterAuth`), and
 * either is named like one (`/auth`, `/account/login`) or calls `signIn` itself. A page named like one wins; else
 * the one page that calls it itself, and none when several do (a landing page's "Sign in with Google" button is not
 * the app's sign-in page). Pages of other systems never sign in through Better Auth, so they are never found.
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
  const calling: { path: string; file: string }[] = []
  for (const route of routes) {
    const urlPath = linkPathOf(route)
    if (!route.file || route.kind === 'layout' || route.kind === 'pathless') continue
    if (urlPath === '/' || urlPath.includes('$') || OTHER_PAGE.test(urlPath)) continue
    const modules = [route.file, ...(route.lazyFile ? [route.lazyFile] : [])]
    const texts = modules.map(read)
    if (rendersChildRoutes(texts)) continue
    const isNamed = SIGN_IN_NAME.test(urlPath.slice(urlPath.lastIndexOf('/') + 1))
    if (!isNamed && !texts.some((text) => text !== null && callsSignIn(text))) continue
    if (!signsIn(modules)) continue
    ;(isNamed ? named : calling).push({ path: urlPath, file: route.file })
  }
  const byLength = (a: { path: string }, b: { path: string }) => a.path.length - b.path.length
  return named.sort(byLength)[0] ?? (calling.length === 1 ? calling[0]! : null)
}
