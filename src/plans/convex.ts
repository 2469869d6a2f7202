import path from 'node:path'
import { KitError } from '../core/errors.js'
import { inspectAuthInstance } from '../codemods/auth/inspect-instance.js'
import ts from '../../lib/typescript.js'
import { parse } from '../codemods/js/parse.js'
import { moduleCandidates } from '../project/modules.js'
import { importedBindings } from '../project/imported-bindings.js'
import { authHandlerRoute, routeTable } from '../routes/discover.js'
import type { ProjectInfo } from '../project/types.js'
import { scriptRunner } from './app-tasks.js'
import { resolveModule } from './handler-check.js'

/** What Convex's Start integration serves /api/auth/* with (`@convex-dev/better-auth/react-start`). */
const CONVEX_HANDLER = /\b(?:reactStartHandler|convexBetterAuthReactStart)\b|@convex-dev\/better-auth\/react-start/

/** An env variable naming the Convex site (`VITE_CONVEX_SITE_URL`, `CONVEX_SITE_URL`, ...). */
const SITE_URL_ENV = /\b((?:[A-Z][A-Z0-9_]*_)?CONVEX_SITE_URL)\b/

/**
 * The variable reactStartHandler reads when given no `convexSiteUrl` (0.8, 0.9), and the one
 * @convex-dev/better-auth's TanStack Start guide passes to convexBetterAuthReactStart (0.10+).
 */
export const DEFAULT_SITE_URL_ENV = 'VITE_CONVEX_SITE_URL'

/** import.meta.env for an app without Vite's types (it reads it through a cast itself). */
const IMPORT_META_ENV_CAST = '(import.meta as unknown as { env: Record<string, string | undefined> }).env'

/**
 * An app whose Better Auth runs in Convex (`@convex-dev/better-auth`): the instance is made per Convex function
 * (`createAuth(ctx)`), and the Start app's /api/auth/$ route only proxies to the Convex site. kit-auth's session
 * helpers read the session from Better Auth's get-session endpoint there, never from an instance of their own.
 */
export interface ConvexAuth {
  /** The app's /api/auth/$ route (kept as it is). */
  handler: string
  /** The env variable the app's handler reads the Convex site URL from. */
  siteUrlEnv: string
  /** How the app reads it: `import.meta.env` when its handler does, else `process.env`. */
  envAccess: 'process.env' | 'import.meta.env' | typeof IMPORT_META_ENV_CAST
  /** The handler computes its `convexSiteUrl` from no variable kit-auth can name: `siteUrlEnv` is a guess. */
  guessed?: boolean
  /** The instance in convex/ (`createAuth(ctx)`), read only, when kit-auth found it: its password sign-in is off. */
  passwordless?: { file: string }
}

/**
 * The Convex setup behind the app's handler route: the route, or a module it imports, serves Better Auth through
 * `@convex-dev/better-auth/react-start` (`reactStartHandler`, `convexBetterAuthReactStart(...).handler`).
 * Null for any other handler.
 */
export function convexAuthOf(
  project: ProjectInfo,
  read: (file: string) => string | null,
  handler: string,
): ConvexAuth | null {
  const text = read(handler)
  if (!text) return null
  const reached = importedBindings(parse(text, handler))
    .map((binding) => resolveModule(project, read, handler, binding.specifier))
    .map((module) => (module ? read(module) : null))
  const texts = [text, ...reached].filter((candidate): candidate is string => candidate !== null)
  const serving = texts.filter((candidate) => CONVEX_HANDLER.test(candidate))
  if (serving.length === 0) return null
  // the variable the app passes as convexSiteUrl (or reads anywhere in those modules), else the library's default
  const named = serving.map((candidate) => SITE_URL_ENV.exec(candidate)?.[1]).find(Boolean)
  const siteUrlEnv = named ?? DEFAULT_SITE_URL_ENV
  // Vite inlines import.meta.env.VITE_* at build time, where process.env may lack it: read it the app's way
  // (`import.meta.env.X`; through a cast or brackets, `(import.meta as any).env.X`, when the app has no Vite types)
  const direct = serving.some((candidate) => candidate.includes(`import.meta.env.${siteUrlEnv}`))
  const viaImportMeta = new RegExp(
    `import\\.meta\\b[^;\\n]{0,40}?\\.env\\s*(?:\\.\\s*${siteUrlEnv}\\b|\\[\\s*['"]${siteUrlEnv}['"])`,
  )
  const envAccess: ConvexAuth['envAccess'] = direct
    ? 'import.meta.env'
    : serving.some((candidate) => viaImportMeta.test(candidate))
      ? IMPORT_META_ENV_CAST
      : 'process.env'
  // reactStartHandler(request) without options reads the default itself; a computed convexSiteUrl is a guess
  const guessed = !named && serving.some((candidate) => /\bconvexSiteUrl\b/.test(candidate))
  return { handler, siteUrlEnv, envAccess, ...(guessed ? { guessed } : {}) }
}

/** `convexAuthOf` the app's /api/auth/$ route, when it has one (read-only commands: doctor). */
export function convexAuthOfApp(project: ProjectInfo, read: (file: string) => string | null): ConvexAuth | null {
  const handler = authHandlerRoute(routeTable(project))?.file
  return handler ? convexAuthOf(project, read, handler) : null
}

/**
 * The instance in convex/ when its password sign-in is off: `emailAndPassword: { enabled: false }`, or never
 * mentioned in its file (Better Auth's default is off). Read only: kit-auth's pages follow it.
 */
export function convexPasswordless(
  project: ProjectInfo,
  read: (file: string) => string | null,
): { file: string } | undefined {
  const file = project.betterAuth?.file
  const text = file ? read(file) : null
  if (!file || text === null || !isConvexInstance(text, file)) return undefined
  const off = inspectAuthInstance(text, file).passwordless || !/\bemailAndPassword\b/.test(text)
  return off ? { file } : undefined
}

/** How the Start app names the type of the instance in convex/ (`typeof createAuth`), for its session helpers. */
export interface ConvexInstanceType {
  file: string
  exportName: string
  /** `createAuth(ctx)` makes it: the type is `ReturnType<typeof createAuth>`. */
  factory: boolean
}

/**
 * The instance in convex/ when the Start app can import its type, so that the session's user carries what its
 * plugins add (admin's `role`...): exported, and every module it imports by a relative path is there
 * (`./_generated/api`, which `convex dev` writes and apps commit). Null otherwise: the session then has Better
 * Auth's base fields only.
 */
export function convexInstanceType(
  project: ProjectInfo,
  read: (file: string) => string | null,
): ConvexInstanceType | null {
  const found = project.betterAuth
  const text = found ? read(found.file) : null
  if (!found?.exportName || text === null || !isConvexInstance(text, found.file)) return null
  const present = (specifier: string) => {
    const base = path.posix.join(path.posix.dirname(found.file), specifier).replace(/\.[cm]?js$/, '')
    return [...moduleCandidates(base), `${base}.d.ts`].some((file) => read(file) !== null)
  }
  for (const statement of parse(text, found.file).statements) {
    const specifier = ts.isImportDeclaration(statement) && statement.moduleSpecifier
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.') && !present(specifier.text))
      return null
  }
  return { file: found.file, exportName: found.exportName, factory: !!found.factory }
}

/** True for an instance that runs in Convex (`@convex-dev/better-auth`, or a file of the convex/ folder). */
export function isConvexInstance(text: string, file: string): boolean {
  return text.includes('@convex-dev/better-auth') || /(?:^|\/)convex\//.test(file)
}

/** The app's own script that runs `convex dev` (`npm run dev:convex`), else `npx convex dev`. */
export function convexDevCommand(project: ProjectInfo): string {
  const script = Object.entries(project.manifest.scripts ?? {}).find(([, command]) => /\bconvex dev\b/.test(command))
  return script ? `${scriptRunner(project)} ${script[0]}` : 'npx convex dev'
}

/** What `init` says about a Convex app: how sessions are read, and each part left out with its reason. */
export function convexNotes(project: ProjectInfo, convex: ConvexAuth): string[] {
  const sessionFile = path.posix.join(project.srcDirectory, 'lib/auth/session.ts')
  return [
    `Your Better Auth runs in Convex (${convex.handler} forwards /api/auth/* there through ` +
      `@convex-dev/better-auth): getSession() reads the session from Better Auth's get-session on your Convex ` +
      `site (${convex.siteUrlEnv}) with the caller's cookies. No second instance; your handler and convex/ are ` +
      `unchanged.`,
    ...(convex.guessed
      ? [
          `kit-auth could not tell which variable holds your Convex site URL (your handler computes ` +
            `convexSiteUrl): getSession() reads ${convex.siteUrlEnv}; set it to that URL, or change convexSiteUrl() ` +
            `in ${sessionFile}.`,
        ]
      : []),
    `Left out the migration: kit-auth cannot run Convex; your Better Auth component's tables deploy with ` +
      `\`${convexDevCommand(project)}\`.`,
    'Left out API tokens, deactivation and account lockout: they run code against the instance and its ' +
      'database, which live in Convex.',
    'Left out organizations and the admin plugin: their plugins belong in your createAuth in Convex and its ' +
      "component's schema; add them there.",
    'Left out the account emails: your instance in Convex sends them.',
    'Left out BETTER_AUTH_SECRET: your instance reads it in Convex (`npx convex env set BETTER_AUTH_SECRET ...`).',
  ]
}

/**
 * Refuses a command that must edit the Better Auth instance (a plugin, its options) of an app whose instance runs in
 * Convex: it is made in convex/ per Convex function, and its tables live in the Convex component's schema, which
 * kit-auth neither edits nor migrates. Nothing is written.
 *
 * @example refuseOnConvex(convex, 'add-guard admin', 'the admin plugin (admin() and adminClient())')
 */
export function refuseOnConvex(convex: ConvexAuth | null, command: string, needs: string): void {
  if (!convex) return
  throw new KitError(
    `${command}: this app's Better Auth runs in Convex (${convex.handler} forwards to it), and this needs ${needs} ` +
      `in that instance, which kit-auth cannot edit or migrate there. Nothing was written.`,
    `Add it to your createAuth in Convex and its component's schema the way @convex-dev/better-auth documents, ` +
      `then deploy with \`npx convex dev\`.`,
  )
}
