import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import { KitError } from '../core/errors.js'
import { inspectAuthInstance, type AuthInstanceInfo } from '../codemods/auth/inspect-instance.js'
import { findAuthClient } from '../codemods/client/find-client.js'
import { parse } from '../codemods/js/parse.js'
import { addRedirectSearch } from '../codemods/route/add-redirect-search.js'
import { runTransform } from '../codemods/transform.js'
import { signsInWithBetterAuth } from '../codemods/page/signs-in-with-better-auth.js'
import type { ProjectInfo } from '../project/types.js'
import { accessorOf, type Accessor } from './accessor.js'
import { convexAuthOf, convexPasswordless, type ConvexAuth } from './convex.js'
import { checkHandler, resolveModule, serverEntryHandler } from './handler-check.js'
import { authHandlerRoute, linkPathOf, routeTable, type RouteEntry } from '../routes/discover.js'
import { routeFileFor } from './paths.js'
import { signInPageByContent } from './sign-in-by-content.js'

/** URL paths of sign-in pages apps commonly have, best first. */
export const SIGN_IN_PATHS = [
  '/login',
  '/sign-in',
  '/signin',
  '/auth/sign-in',
  '/auth/login',
  '/auth/signin',
  '/account/sign-in',
]

/** The Better Auth pieces an app already has, found before any question is asked. */
export interface ExistingAuth {
  /** The app's own instance (null: none, or the one kit-auth generated at lib/auth/auth.ts). */
  instance:
    | (AuthInstanceInfo & {
        file: string
        exportName: string
        exportNeeded: boolean
        /**
         * Set when a function makes the instance (`export const getAuth = createServerOnlyFn(() => betterAuth(...))`):
         * the exported function without parameters that kit-auth's files call to obtain it, as the app does.
         */
        accessor: Accessor | null
      })
    | null
  /** Its `/api/auth/$` handler route file, when it is not kit-auth's. */
  handler: string | null
  /** Set when that route serves Better Auth through Convex: the instance runs there (`instance` is then null). */
  convex: ConvexAuth | null
  /** Its auth client (`export const authClient = createAuthClient(...)`), when it is not kit-auth's. */
  client: { file: string; exportName: string } | null
  /** A client kit-auth cannot import (destructured, not exported): a file it leaves alone. */
  unusableClient: string | null
  /**
   * Its sign-in route (not one kit-auth generated) that signs in through Better Auth: at a path of `SIGN_IN_PATHS`,
   * else a page named like one (`/auth`, `/account/login`) that does (`signInPageByContent`).
   */
  signIn: { path: string; file: string } | null
  /**
   * Pages at sign-in paths of another system (a shop's customer login, Clerk's): left alone, and
   * kit-auth's page goes to a free path.
   */
  foreignSignIn: { path: string; file: string }[]
  /** A sign-in page kit-auth generated before (its path answers the question on a re-run). */
  ownSignIn: string | null
  /**
   * A Better Auth sign-in page found by what it does (not at a sign-in path) whose `validateSearch` cannot take the
   * guards' `redirect`: not reused (kit-auth writes its own page), and the report says so.
   */
  unreusableSignIn?: { path: string; file: string } | null
  /** Every route of the app (for the sign-up and --sign-in-path checks). */
  routes: RouteEntry[]
}

/** What `init` reuses instead of generating, decided from `ExistingAuth` and the answers. */
export interface Adoption {
  instance: ExistingAuth['instance']
  handler: string | null
  /** Better Auth runs in Convex: the session helpers read it over HTTP, and nothing is written for the instance. */
  convex: ConvexAuth | null
  client: ExistingAuth['client']
  /** A client of the app kit-auth could not reuse (it then generates its own), for the report. */
  unusableClient: string | null
  /** Route files reused as the sign-in / sign-up pages (relative to the root), or null to generate them. */
  signIn: string | null
  signUp: string | null
}

export const NO_ADOPTION: Adoption = {
  instance: null,
  handler: null,
  convex: null,
  client: null,
  unusableClient: null,
  signIn: null,
  signUp: null,
}

/**
 * The page route (not a layout, not lazy-only) reached at `urlPath`, if any: the route of that path, else a
 * splat right below it, which serves the path too (Clerk's `sign-in.$.tsx` is `/sign-in/$` and answers `/sign-in`).
 */
export function pageAt(routes: RouteEntry[], urlPath: string): RouteEntry | undefined {
  const pages = routes.filter((route) => route.file !== null && route.kind !== 'layout' && route.kind !== 'pathless')
  const splat = urlPath === '/' ? null : `${urlPath}/$`
  return pages.find((route) => linkPathOf(route) === urlPath) ?? pages.find((route) => linkPathOf(route) === splat)
}

/** True for a page `kit-auth init` generated (it guards itself with `redirectIfAuthenticated`). */
export function isOwnPage(text: string | null): boolean {
  return text !== null && /\bredirectIfAuthenticated\b/.test(text)
}

/** True for the lib/auth/auth.ts `kit-auth init` generated (its server-only note, its trusted origins). */
export function isOwnInstance(text: string | null): boolean {
  return (
    text !== null &&
    (text.includes('// Server only: never import this file from client code.') ||
      text.includes('BETTER_AUTH_TRUSTED_ORIGINS'))
  )
}

/** True for the lib/auth/auth-client.ts `kit-auth init` generated (its note on `authClient.useSession()`). */
export function isOwnClient(text: string | null): boolean {
  return text !== null && text.includes('`authClient.useSession()` -> `{ data, isPending, error }`')
}

/**
 * Finds the app's own Better Auth instance, handler route, client and sign-in route, from what
 * inspection found (`betterAuth`, `authClients`, the route table) and those files' text, read
 * through the change set. Files kit-auth generated itself (lib/auth/auth.ts,
 * lib/auth/auth-client.ts, its sign-in page, told by their content) do not count, so a re-run plans
 * the same as the first run.
 */
export function findExistingAuth(project: ProjectInfo, changes: ChangeSet): ExistingAuth {
  const ownAuth = path.posix.join(project.srcDirectory, 'lib/auth/auth.ts')
  const ownClient = path.posix.join(project.srcDirectory, 'lib/auth/auth-client.ts')
  const read = (file: string) => changes.read(file)

  const table = routeTable(project)
  const handlerRoute = authHandlerRoute(table)
  // Better Auth served through Convex: its instance (convex/auth.ts's createAuth(ctx)) is not the Start app's
  const served = handlerRoute?.file ? convexAuthOf(project, read, handlerRoute.file) : null
  const passwordless = served ? convexPasswordless(project, read) : undefined
  const convex = served && (passwordless ? { ...served, passwordless } : served)

  let instance: ExistingAuth['instance'] = null
  // by content: the app's own file may sit at kit-auth's path (react-tanstarter's src/lib/auth/auth.ts)
  if (!convex && project.betterAuth && !(project.betterAuth.file === ownAuth && isOwnInstance(read(ownAuth)))) {
    const file = project.betterAuth.file
    const text = read(file) ?? ''
    const info = inspectAuthInstance(text, file)
    const factory = project.betterAuth.factory
    const accessor = factory ? accessorOf(text, file, factory, project.betterAuth) : null
    const exportName = accessor?.exportName ?? project.betterAuth.exportName ?? info.localName
    if (!exportName) {
      throw new KitError(
        `${file} creates a Better Auth instance kit-auth cannot import: it is neither exported nor a module-level ` +
          `\`const\`.`,
        'Export it (`export const auth = betterAuth({ ... })`), then run kit-auth init again.',
      )
    }
    instance = {
      ...info,
      file,
      exportName,
      exportNeeded: !accessor && project.betterAuth.exportName === null,
      accessor,
    }
  }

  const ownHandler = routeFileFor(project, '/api/auth/$', '.ts')
  // no /api/auth/$ route: the app's server entry may serve the instance itself (before any route would)
  const handler =
    handlerRoute?.file && (instance || convex || handlerRoute.file !== ownHandler)
      ? handlerRoute.file
      : !handlerRoute && instance
        ? serverEntryHandler(project, read, instance.file)
        : null
  if (handlerRoute?.file && !convex) checkHandler(project, read, handlerRoute.file, instance !== null)

  let client: ExistingAuth['client'] = null
  let unusableClient: string | null = null
  const found: { file: string; exportName: string | null }[] = []
  for (const file of project.authClients) {
    const result = findAuthClient(read(file) ?? '', file)
    if (result) found.push({ file, exportName: result.exportName })
  }
  if (!found.some((candidate) => candidate.file === ownClient && isOwnClient(read(ownClient)))) {
    const usable = found.find((candidate) => candidate.exportName !== null)
    if (usable) client = { file: usable.file, exportName: usable.exportName! }
    else unusableClient = found[0]?.file ?? null
  }

  let signIn: ExistingAuth['signIn'] = null
  let unreusableSignIn: ExistingAuth['signIn'] = null
  let ownSignIn: string | null = null
  const foreignSignIn: ExistingAuth['foreignSignIn'] = []
  // the app's workspace auth package too: a page importing `@repo/auth/auth-client` reaches the client it exports
  const pkg = project.authPackage
  const packaged = new Map<string, string>()
  if (pkg) packaged.set(pkg.instance.specifier, pkg.instance.file)
  if (pkg?.client) packaged.set(pkg.client.specifier, pkg.client.file)
  const resolve = (from: string, specifier: string) =>
    packaged.get(specifier) ?? resolveModule(project, read, from, specifier)
  // what a page signing in through Better Auth reaches: the app's client, or its instance (a server function)
  const ends = [...project.authClients, ...(project.betterAuth ? [project.betterAuth.file] : [])]
  const signsIn = (modules: string[]) => signsInWithBetterAuth(modules, read, resolve, ends)
  for (const urlPath of SIGN_IN_PATHS) {
    const route = pageAt(table.routes, urlPath)
    if (!route?.file) continue
    if (isOwnPage(read(route.file))) {
      ownSignIn ??= urlPath
      continue
    }
    const modules = [route.file, ...(route.lazyFile ? [route.lazyFile] : [])]
    if (signsIn(modules)) signIn ??= { path: urlPath, file: route.file }
    else foreignSignIn.push({ path: urlPath, file: route.file })
  }
  // none at those paths: a Better Auth sign-in page elsewhere (`/auth`, `/account/login`), found by what it does
  if (!signIn && !ownSignIn) {
    const unlisted = table.routes.filter((route) => !SIGN_IN_PATHS.includes(linkPathOf(route)))
    // kit-auth's own pages (by content) are read only for the routes named like a sign-in page
    const found = signInPageByContent(unlisted, read, (modules) => !isOwnPage(read(modules[0]!)) && signsIn(modules))
    // a page found by what it does is reused only when the guards' `redirect` can reach it: else kit-auth's own
    if (found && acceptsRedirect(project, found.file, read(found.file) ?? '')) signIn = found
    else unreusableSignIn = found
  }
  return {
    instance,
    handler,
    convex,
    client,
    unusableClient,
    signIn: ownSignIn ? null : signIn,
    foreignSignIn,
    ownSignIn,
    unreusableSignIn,
    routes: table.routes,
  }
}

/** Whether a page takes (or can be given) an optional `redirect` search param (addRedirectSearch would not refuse). */
function acceptsRedirect(project: ProjectInfo, file: string, text: string): boolean {
  try {
    const { data } = runTransform(text, file, addRedirectSearch, { style: project.style })
    return !!data && (data.mentionsRedirect || data.status === 'added' || data.status === 'extended')
  } catch {
    return false
  }
}

/** Paths for kit-auth's sign-in page when the app has none of its own, best first (its sign-up page goes beside). */
const OWN_SIGN_IN_PATHS = ['/sign-in', '/auth/sign-in', '/signin', '/account/sign-in']

/**
 * Where kit-auth's sign-in page goes: `/sign-in`, or the first path where neither it nor its sign-up
 * page would meet a page of the app (a shop's `/sign-in` stays the shop's).
 *
 * @example freeSignInPath(existing) // '/auth/sign-in' when src/routes/sign-in.tsx is a customer login
 */
export function freeSignInPath(existing: ExistingAuth): string {
  const taken = (urlPath: string) => pageAt(existing.routes, urlPath) !== undefined
  const free = OWN_SIGN_IN_PATHS.find(
    (urlPath) => !taken(urlPath) && !taken(path.posix.join(path.posix.dirname(urlPath), 'sign-up')),
  )
  if (free) return free
  throw new KitError(
    `Every path kit-auth would put its sign-in page at (${OWN_SIGN_IN_PATHS.join(', ')}) holds a page of this ` +
      'app (or its sign-up page would).',
    'Pass --sign-in-path <path> with a free path, or --sign-in-path to one of your pages to reuse it.',
  )
}

/** The app's own page at `urlPath` (one kit-auth did not generate, read through the change set), or null. */
export function foreignPageAt(changes: ChangeSet, existing: ExistingAuth, urlPath: string): string | null {
  const route = pageAt(existing.routes, urlPath)
  if (!route?.file) return null
  return isOwnPage(changes.read(route.file)) ? null : route.file
}
