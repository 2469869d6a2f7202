import type { AppFormatter, CodeStyle } from '../core/format.js'
import type { PackageManagerName } from '../core/options.js'
import type { DrizzleDetection } from './drizzle.js'
import type { ServerlessHost } from './hosting.js'
import type { RouteNaming } from './paths.js'
import type { PrismaDetection } from './prisma.js'

// Defined beside their core users (core sits below project); re-exported for everyone else.
export type { CodeStyle, PackageManagerName }

export interface VersionInfo {
  /** The range declared in package.json (after resolving `catalog:`), if any. */
  declared: string | null
  /** The exact installed version, if it could be determined. */
  installed: string | null
  /** Where `installed` (or, failing that, `declared`) came from. */
  source: 'node_modules' | 'lockfile' | 'declared' | 'catalog' | 'none'
}

export interface ImportAlias {
  /** The prefix code writes, always ending in `/`: `#/`, `~/`, `@/`. */
  prefix: string
  /** The folder it maps to, relative to the app root, posix: `src`. */
  target: string
  /** Where it was declared: `package.json#imports`, `tsconfig.json`, `tsconfig.base.json`, `vite.config.ts`. */
  declaredIn: string
  /** How many imports in sampled source files use it. */
  uses: number
}

/** A workspace package the app declares and imports that makes its Better Auth instance. */
export interface AuthPackage {
  /** Its package.json `name`: `@repo/auth`. */
  name: string
  /** Its folder relative to the app root, posix: `../../packages/auth`. */
  dir: string
  /** The range the app declares it with: `workspace:*`. */
  range: string
  /** What its package.json declares, as written. */
  manifest: { dependencies: Record<string, string>; devDependencies: Record<string, string> }
  /** True when its package.json has `exports` (new subpaths must be listed there). */
  hasExports: boolean
  /** The entry module that calls `betterAuth(...)` (relative to the app root) and the specifier the app imports. */
  instance: { file: string; specifier: string; exportName: string | null; factory?: { name: string; required: number } }
  /** The entry module that calls `createAuthClient(`, when it exports one: `@repo/auth/client`. */
  client: { file: string; specifier: string } | null
}

/** Where `npm run dev` serves, read from the dev script and the vite config (`devServerOf`). */
export interface DevServer {
  port: number
  /** Where the port comes from, for messages: '`--port 3001` in the dev script', "Vite's default port". */
  from: string
  /** False when the dev script runs no Vite (a custom server) or there is none: the port is then a guess. */
  known: boolean
}

export interface ProjectInfo {
  /** Absolute path of the app (the folder holding its package.json). */
  root: string
  /** Absolute path of the workspace root, or `root` when the app is not in a workspace. */
  workspaceRoot: string
  packageName: string | null
  /**
   * What the app's package.json declares, as written (string values only): plans read these and edit
   * the file itself through the change set.
   */
  manifest: {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
    scripts: Record<string, string>
  }
  framework: {
    /** `@tanstack/react-start` or `@tanstack/solid-start`. */
    name: '@tanstack/react-start' | '@tanstack/solid-start'
    flavor: 'react' | 'solid'
    /** Best-known exact version of the framework (installed, else the minimum of the declared range). */
    version: string | null
  }
  /** Versions of the packages kit-auth cares about, keyed by package name (only those declared or installed). */
  versions: Record<string, VersionInfo>
  /** All these paths are relative to `root`, posix separators. */
  srcDirectory: string
  routesDirectory: string
  generatedRouteTree: string
  /**
   * Files under routesDirectory that may be route modules, relative to it, posix, sorted (hidden names
   * and node_modules skipped): src/routes builds the route table from them (`routeTable(project)`).
   */
  routeFiles: string[]
  /**
   * tsr.config.json's file-naming options that are set (`routeToken`, `indexToken`,
   * `routeFileIgnorePrefix`, `routeFileIgnorePattern`).
   */
  routeNaming: RouteNaming
  /**
   * The alias generated code uses, or null to use relative imports: the most used one in the sources,
   * ties broken by declaration order (package.json `imports`, tsconfig `paths`, vite `resolve.alias`).
   */
  alias: ImportAlias | null
  /** Every alias that points into the app (one per prefix), best first. */
  aliases: ImportAlias[]
  /** The tsconfig file that governs the app's sources, relative to root (usually `tsconfig.json`). */
  tsconfig: string | null
  /**
   * Set when that tsconfig (after `extends`) has `noPropertyAccessFromIndexSignature`: kit-auth then declares the
   * `process.env` keys its files read (`lib/auth/env.d.ts`), less those the app types itself (read by the commands
   * that write, `appProcessEnvKeys`, not by every command's inspection).
   */
  processEnvTyping?: true
  viteConfig: string | null
  /** Where `npm run dev` serves: BETTER_AUTH_URL's port, and the one doctor compares it with. */
  devServer: DevServer
  /**
   * The zod the app resolves at its root, when older than the zod 4 better-auth needs: Start's server
   * build bundles better-auth but imports zod at run time, so the build must bundle zod too.
   */
  olderZod?: string
  packageManager: {
    name: PackageManagerName
    /**
     * Lockfile that decided it, relative to workspaceRoot; null when the `packageManager` field or the default decided.
     */
    lockfile: string | null
    /** One short sentence on why this one was picked (for the report). */
    reason: string
    /** For yarn: berry (2+, `__metadata` in yarn.lock, `.yarnrc.yml`) or classic (1.x). */
    yarn?: 'berry' | 'classic'
    /** The version the workspace root's `packageManager` field pins for it: `4.12.0` of `yarn@4.12.0+sha512.abc`. */
    version?: string
  }
  style: CodeStyle
  /** The formatter the app configures (format-created task after a commit); null or absent when none. */
  formatter?: AppFormatter | null
  /** True when the app lints with oxlint (an .oxlintrc.json or oxlint.config.ts, or an oxlint dependency). */
  oxlint?: boolean
  /**
   * Where Start serves server functions (`/_serverFn/`; `/app/rpc/` with Vite `base: '/app/'` and
   * `serverFns: { base: '/rpc' }`), read from the vite config: what `TSS_SERVER_FN_BASE` will be.
   */
  serverFnBase: string
  /** Existing `start.ts`/`start.tsx` under srcDirectory, relative to root, or null. */
  startFile: string | null
  /**
   * Existing Better Auth instance (`betterAuth(` call) in the app's sources, or null. `file` is relative
   * to root; `exportName` is the name it is exported under (`auth`, `default`), null when not exported.
   */
  betterAuth: {
    file: string
    exportName: string | null
    /**
     * Set when the instance is made by a module-level function (`createAuth(env)`, `getAuth()`): its name is the local
     * binding.
     */
    factory?: { name: string; required: number; optional?: number }
    /**
     * For a factory: how the app's own files call it (`createAuth(env)` in the handler route first), which
     * kit-auth's files copy to obtain the instance the same way. Absent when nothing calls it.
     */
    calls?: FactoryCall[]
    /** Set when it lives in a workspace package: the bare specifier the app imports it by (`@repo/auth`). */
    module?: string
    /**
     * Other files of the app that call betterAuth(...) too (a config for Better Auth's CLI, `auth.cli.ts`), name
     * order; absent when there are none.
     */
    others?: string[]
  } | null
  /**
   * The workspace package that holds the instance (`packages/auth`, imported as `@repo/auth`), when the
   * app's own sources hold none; absent otherwise.
   */
  authPackage?: AuthPackage
  /** Source files under srcDirectory that call `createAuthClient(`, relative to root (name order). */
  authClients: string[]
  /**
   * Database libraries declared by the app: `drizzle-orm`, `prisma`, `@prisma/client`, `pg`, `postgres`,
   * `better-sqlite3`, `mysql2`, `@libsql/client`, `kysely`, `mongodb`; a drizzle config adds `drizzle-orm`
   * and `prisma/schema.prisma` adds `prisma`.
   */
  databases: string[]
  /**
   * The app's own Drizzle setup (a drizzle config and `export const db = drizzle(...)`), or why it
   * cannot be used; null without a drizzle config.
   */
  drizzle: DrizzleDetection | null
  /**
   * The app's own Prisma setup (prisma/schema.prisma and an exported PrismaClient), or why it cannot
   * be used; null without a schema.
   */
  prisma: PrismaDetection | null
  /** Env file the app uses, relative to root: an existing `.env.local`, else an existing `.env`, else `.env.local`. */
  envFile: string
  /** The serverless host the app deploys to (where a SQLite file cannot keep its users), or null. */
  host: ServerlessHost | null
  /** Deployed on Fly.io (`fly.toml`): a Node server behind Fly's proxy. */
  fly?: boolean
  /** Which of the packages kit-auth adds (AUTH_PACKAGES) are installed, in the app or at the workspace root. */
  installed: string[]
}

/** A call of the function that makes the Better Auth instance, in one of the app's files. */
export interface FactoryCall {
  /** The calling file, relative to the root. */
  file: string
  /** The call as written (`createAuth(env)`). */
  call: string
  /** Its arguments' source (`env`). */
  args: string
  /** The imports of the calling file the arguments use: a package's (`module`) or an app file's (`file`). */
  imports: { local: string; imported: string; module?: string; file?: string }[]
  /** Set when the arguments use a local value (a parameter, a variable): the first such name. */
  local?: string
}
