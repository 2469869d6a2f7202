import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { KitError } from '../../src/core/errors.js'
import { inspectProject } from '../../src/project/inspect.js'
import type { ProjectInfo } from '../../src/project/types.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const at = (relative: string) => path.join(FIXTURES, relative)

/** What the fixture's package.json declares (inspection copies it as is). */
function manifestOf(relative: string): ProjectInfo['manifest'] {
  const json = JSON.parse(readFileSync(path.join(at(relative), 'package.json'), 'utf8')) as Record<string, object>
  return {
    dependencies: json.dependencies ?? {},
    devDependencies: json.devDependencies ?? {},
    scripts: json.scripts ?? {},
  } as ProjectInfo['manifest']
}

/** Versions pinned by the package-lock.json of the fixtures created with today's `@tanstack/cli create`. */
const CURRENT_VERSIONS: ProjectInfo['versions'] = {
  '@tanstack/react-start': { declared: '1.169.5', installed: '1.169.5', source: 'lockfile' },
  '@tanstack/react-router': { declared: '1.170.46', installed: '1.170.46', source: 'lockfile' },
  '@tanstack/router-generator': { declared: null, installed: '1.167.39', source: 'lockfile' },
  '@tanstack/router-plugin': { declared: null, installed: '1.169.0', source: 'lockfile' },
  '@tanstack/router-cli': { declared: '^1.132.0', installed: '1.167.39', source: 'lockfile' },
  react: { declared: '^19.2.0', installed: '19.3.1', source: 'lockfile' },
  vite: { declared: '^8.0.0', installed: '8.3.8', source: 'lockfile' },
  typescript: { declared: '^6.0.2', installed: '6.0.3', source: 'lockfile' },
}

const CREATE_STYLE: ProjectInfo['style'] = { quote: 'single', semicolons: false, indent: '  ', source: 'sampled' }
const NPM_LOCKFILE: ProjectInfo['packageManager'] = {
  name: 'npm',
  lockfile: 'package-lock.json',
  reason: 'found package-lock.json',
}
/** The route files `create` writes (a `--blank` app has no about.tsx). */
const CREATE_ROUTES = ['__root.tsx', 'about.tsx', 'index.tsx']
const BLANK_ROUTES = ['__root.tsx', 'index.tsx']
const DEFAULT_PATHS = {
  srcDirectory: 'src',
  routesDirectory: 'src/routes',
  generatedRouteTree: 'src/routeTree.gen.ts',
  routeFiles: CREATE_ROUTES,
  routeNaming: {},
  serverFnBase: '/_serverFn/',
}
/** `vite dev --port 3000`, the dev script `@tanstack/cli create` writes. */
const CREATE_DEV_SERVER: ProjectInfo['devServer'] = { port: 3000, from: '`--port 3000` in the dev script', known: true }
/** The admin apps of the two-app workspaces run `vite dev --port 3001`, beside web's 3000. */
const ADMIN_DEV_SERVER: ProjectInfo['devServer'] = { port: 3001, from: '`--port 3001` in the dev script', known: true }
const NOTHING_ELSE = {
  devServer: CREATE_DEV_SERVER,
  startFile: null,
  betterAuth: null,
  authClients: [],
  databases: [],
  drizzle: null,
  prisma: null,
  envFile: '.env.local',
  host: null,
  installed: [],
}
const CREATE_ALIASES: ProjectInfo['aliases'] = [
  { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
  { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
]

/** A `create --blank` app of fixtures/<relative> (issue 7 package-manager fixtures): create's aliases and style, the given versions and package manager. */
function blankApp(
  relative: string,
  workspaceRoot: string,
  packageName: string,
  versions: ProjectInfo['versions'],
  packageManager: ProjectInfo['packageManager'],
  routeFiles = BLANK_ROUTES,
): ProjectInfo {
  return {
    root: at(relative),
    workspaceRoot: at(workspaceRoot),
    packageName,
    manifest: manifestOf(relative),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions,
    ...DEFAULT_PATHS,
    routeFiles,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
  }
}

/** No lockfile to read: each package as declared, nothing installed. */
const DECLARED_VERSIONS = Object.fromEntries(
  Object.entries(CURRENT_VERSIONS).flatMap(([name, version]) =>
    version.declared ? [[name, { declared: version.declared, installed: null, source: 'declared' }]] : [],
  ),
) as ProjectInfo['versions']

/** Yarn locks two router generators (router-cli's 1.167.39, router-plugin's 1.168.0): the highest is reported. */
const YARN_VERSIONS: ProjectInfo['versions'] = {
  ...CURRENT_VERSIONS,
  '@tanstack/router-generator': { declared: null, installed: '1.168.0', source: 'lockfile' },
}

/** `create --toolchain eslint|biome` apps declare TypeScript 6. */
const TOOLCHAIN_VERSIONS: ProjectInfo['versions'] = {
  ...CURRENT_VERSIONS,
  typescript: { declared: '^6.0.2', installed: '6.0.3', source: 'lockfile' },
}

/** What inspectProject must return for each app folder under fixtures/, relative path -> exact result. */
const EXPECTED: Record<string, ProjectInfo> = {
  'default-npm': {
    root: at('default-npm'),
    workspaceRoot: at('default-npm'),
    packageName: 'default-npm',
    manifest: manifestOf('default-npm'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: CURRENT_VERSIONS,
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
  },
  'toolchain-eslint': {
    root: at('toolchain-eslint'),
    workspaceRoot: at('toolchain-eslint'),
    packageName: 'toolchain-eslint',
    manifest: manifestOf('toolchain-eslint'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: TOOLCHAIN_VERSIONS,
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: { ...CREATE_STYLE, source: 'prettier' },
    formatter: 'prettier',
    ...NOTHING_ELSE,
  },
  'toolchain-biome': {
    root: at('toolchain-biome'),
    workspaceRoot: at('toolchain-biome'),
    packageName: 'toolchain-biome',
    manifest: manifestOf('toolchain-biome'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: TOOLCHAIN_VERSIONS,
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: { quote: 'double', semicolons: true, indent: '\t', source: 'biome', sortImports: true },
    formatter: 'biome',
    ...NOTHING_ELSE,
  },
  'toolchain-oxlint': {
    root: at('toolchain-oxlint'),
    workspaceRoot: at('toolchain-oxlint'),
    packageName: 'toolchain-oxlint',
    manifest: manifestOf('toolchain-oxlint'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: TOOLCHAIN_VERSIONS,
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    // .oxfmtrc.json: single quotes, no semicolons, oxfmt's width of 100
    style: { quote: 'single', semicolons: false, indent: '  ', source: 'oxfmt', printWidth: 100 },
    formatter: 'oxfmt',
    oxlint: true,
    ...NOTHING_ELSE,
  },
  'strict-tsconfig': {
    root: at('strict-tsconfig'),
    workspaceRoot: at('strict-tsconfig'),
    packageName: 'strict-tsconfig',
    manifest: manifestOf('strict-tsconfig'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: TOOLCHAIN_VERSIONS,
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    // noPropertyAccessFromIndexSignature: kit-auth declares the process.env keys it reads; the app types none
    processEnvTyping: true,
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
  },
  'drizzle-sqlite': {
    root: at('drizzle-sqlite'),
    workspaceRoot: at('drizzle-sqlite'),
    packageName: 'drizzle-sqlite',
    manifest: manifestOf('drizzle-sqlite'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'drizzle-orm': { declared: '^0.45.1', installed: '0.45.4', source: 'lockfile' },
      'better-sqlite3': { declared: '^12.6.2', installed: '12.11.1', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    databases: ['drizzle-orm', 'better-sqlite3'],
    drizzle: {
      setup: {
        configFile: 'drizzle.config.ts',
        provider: 'sqlite',
        dbFile: 'src/db/index.ts',
        dbExport: 'db',
        authSchemaFile: 'src/db/auth-schema.ts',
        schemaEntry: 'src/db/schema.ts',
      },
    },
  },
  'blank-tilde': {
    root: at('blank-tilde'),
    workspaceRoot: at('blank-tilde'),
    packageName: 'blank-tilde',
    manifest: manifestOf('blank-tilde'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: CURRENT_VERSIONS,
    ...DEFAULT_PATHS,
    routeFiles: BLANK_ROUTES,
    alias: { prefix: '~/', target: 'src', declaredIn: 'tsconfig.json', uses: 4 },
    aliases: [{ prefix: '~/', target: 'src', declaredIn: 'tsconfig.json', uses: 4 }],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
  },
  'custom-dirs-at': {
    root: at('custom-dirs-at'),
    workspaceRoot: at('custom-dirs-at'),
    packageName: 'custom-dirs-at',
    manifest: manifestOf('custom-dirs-at'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: CURRENT_VERSIONS,
    srcDirectory: 'app',
    routesDirectory: 'app/pages',
    generatedRouteTree: 'app/routeTree.gen.ts',
    serverFnBase: '/_serverFn/',
    routeFiles: CREATE_ROUTES,
    routeNaming: {},
    alias: { prefix: '@/', target: 'app', declaredIn: 'tsconfig.base.json', uses: 4 },
    aliases: [{ prefix: '@/', target: 'app', declaredIn: 'tsconfig.base.json', uses: 4 }],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: { quote: 'double', semicolons: true, indent: '  ', source: 'prettier' },
    formatter: 'prettier',
    ...NOTHING_ELSE,
    startFile: 'app/start.ts',
  },
  'no-alias': {
    root: at('no-alias'),
    workspaceRoot: at('no-alias'),
    packageName: 'no-alias',
    manifest: manifestOf('no-alias'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: CURRENT_VERSIONS,
    ...DEFAULT_PATHS,
    alias: null,
    aliases: [],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    startFile: 'src/start.ts',
  },
  'older-start': {
    root: at('older-start'),
    workspaceRoot: at('older-start'),
    packageName: 'older-start',
    manifest: manifestOf('older-start'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.160.2' },
    versions: {
      '@tanstack/react-start': { declared: '1.160.2', installed: '1.160.2', source: 'lockfile' },
      '@tanstack/react-router': { declared: '1.160.2', installed: '1.160.2', source: 'lockfile' },
      '@tanstack/router-generator': { declared: null, installed: '1.160.1', source: 'lockfile' },
      '@tanstack/router-plugin': { declared: null, installed: '1.160.2', source: 'lockfile' },
      '@tanstack/router-cli': { declared: '1.160.1', installed: '1.160.1', source: 'lockfile' },
      react: { declared: '^19.2.0', installed: '19.3.1', source: 'lockfile' },
      vite: { declared: '^8.0.0', installed: '8.3.8', source: 'lockfile' },
      typescript: { declared: '^6.0.2', installed: '6.0.3', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    olderZod: '3.25.76',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
  },
  'better-auth-1-3': {
    root: at('better-auth-1-3'),
    workspaceRoot: at('better-auth-1-3'),
    packageName: 'better-auth-1-3',
    manifest: manifestOf('better-auth-1-3'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'better-auth': { declared: '^1.3.34', installed: '1.3.34', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.19', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'index.tsx', 'login.tsx'],
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
    aliases: [
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
    ],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    betterAuth: { file: 'src/lib/auth.ts', exportName: 'auth' },
    authClients: ['src/lib/auth-client.ts'],
  },
  'auth-minimal': {
    root: at('auth-minimal'),
    workspaceRoot: at('auth-minimal'),
    packageName: 'auth-minimal',
    manifest: manifestOf('auth-minimal'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'better-auth': { declared: '^1.7.25', installed: '1.7.25', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.18', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'index.tsx', 'login.tsx'],
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
    aliases: [
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
    ],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    betterAuth: { file: 'src/lib/auth.ts', exportName: 'auth' },
    authClients: ['src/lib/auth-client.ts'],
  },
  'custom-adapter': {
    root: at('custom-adapter'),
    workspaceRoot: at('custom-adapter'),
    packageName: 'custom-adapter',
    manifest: manifestOf('custom-adapter'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'better-auth': { declared: '^1.7.25', installed: '1.7.25', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.18', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'index.tsx', 'login.tsx'],
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
    aliases: [
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
    ],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    betterAuth: { file: 'src/lib/auth.ts', exportName: 'auth' },
    authClients: ['src/lib/auth-client.ts'],
  },
  'auth-server-only-fn': {
    root: at('auth-server-only-fn'),
    workspaceRoot: at('auth-server-only-fn'),
    packageName: 'auth-server-only-fn',
    manifest: manifestOf('auth-server-only-fn'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'better-auth': { declared: '^1.7.25', installed: '1.7.25', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.18', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'index.tsx', 'login.tsx'],
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
    aliases: [
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
    ],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    betterAuth: { file: 'src/lib/auth.ts', exportName: 'getAuth', factory: { name: 'getAuth', required: 0 } },
    authClients: ['src/lib/auth-client.ts'],
  },
  // Better Auth runs in Convex: the instance inspection finds is convex/auth.ts's createAuth(ctx)
  'convex-start': {
    root: at('convex-start'),
    workspaceRoot: at('convex-start'),
    packageName: 'convex-start',
    manifest: manifestOf('convex-start'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'better-auth': { declared: '~1.6.11', installed: '1.6.34', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.20', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'demo/convex.tsx', 'index.tsx'],
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
    aliases: [
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
    ],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    betterAuth: { file: 'convex/auth.ts', exportName: 'createAuth', factory: { name: 'createAuth', required: 1 } },
    authClients: ['src/lib/auth-client.ts'],
  },
  'auth-stateless': {
    root: at('auth-stateless'),
    workspaceRoot: at('auth-stateless'),
    packageName: 'auth-stateless',
    manifest: manifestOf('auth-stateless'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'better-auth': { declared: '^1.7.25', installed: '1.7.25', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.18', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'index.tsx', 'login.tsx'],
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
    aliases: [
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
    ],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    betterAuth: { file: 'src/lib/auth.ts', exportName: 'auth' },
    authClients: ['src/lib/auth-client.ts'],
  },
  'existing-better-auth': {
    root: at('existing-better-auth'),
    workspaceRoot: at('existing-better-auth'),
    packageName: 'existing-better-auth',
    manifest: manifestOf('existing-better-auth'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      'better-auth': { declared: '^1.7.25', installed: '1.7.25', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.18', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'index.tsx', 'login.tsx'],
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
    aliases: [
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 4 },
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 0 },
    ],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    betterAuth: { file: 'src/lib/auth.ts', exportName: 'auth' },
    authClients: ['src/lib/auth-client.ts'],
  },
  'pnpm-monorepo/apps/web': {
    root: at('pnpm-monorepo/apps/web'),
    workspaceRoot: at('pnpm-monorepo'),
    packageName: 'web',
    manifest: manifestOf('pnpm-monorepo/apps/web'),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: {
      ...CURRENT_VERSIONS,
      '@tanstack/react-start': { declared: '1.169.5', installed: '1.169.5', source: 'lockfile' },
      '@tanstack/react-router': { declared: '1.170.46', installed: '1.170.46', source: 'lockfile' },
      // Two generators are locked (router-cli's 1.167.39, router-plugin's 1.168.0): the highest is reported.
      '@tanstack/router-generator': { declared: null, installed: '1.168.0', source: 'lockfile' },
    },
    ...DEFAULT_PATHS,
    alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    aliases: CREATE_ALIASES,
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: {
      name: 'pnpm',
      lockfile: null,
      reason: 'package.json "packageManager" is pnpm@10.34.9',
      version: '10.34.9',
    },
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
  },
}

// issue 12: the instance lives in the workspace package @repo/auth, which the app imports
const AUTH_PACKAGE_INSTANCE = { file: '../../packages/auth/src/index.ts', exportName: 'auth' }
EXPECTED['workspace-auth-package/apps/web'] = {
  ...EXPECTED['pnpm-monorepo/apps/web']!,
  root: at('workspace-auth-package/apps/web'),
  workspaceRoot: at('workspace-auth-package'),
  manifest: manifestOf('workspace-auth-package/apps/web'),
  versions: {
    ...EXPECTED['pnpm-monorepo/apps/web']!.versions,
    // from packages/auth: `catalog:` resolved through pnpm-workspace.yaml, pinned by its lockfile importer
    'better-auth': { declared: '1.6.34', installed: '1.6.34', source: 'lockfile' },
  },
  routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'index.tsx'],
  betterAuth: { ...AUTH_PACKAGE_INSTANCE, module: '@repo/auth' },
  authPackage: {
    name: '@repo/auth',
    dir: '../../packages/auth',
    range: 'workspace:*',
    manifest: {
      dependencies: { 'better-auth': 'catalog:', 'better-sqlite3': '^12.4.1' },
      devDependencies: { '@types/better-sqlite3': '^7.6.13' },
    },
    hasExports: true,
    instance: { ...AUTH_PACKAGE_INSTANCE, specifier: '@repo/auth' },
    client: { file: '../../packages/auth/src/client.ts', specifier: '@repo/auth/client' },
  },
  authClients: ['../../packages/auth/src/client.ts'],
}

// issue 12: the instance in @acme/auth, better-auth `catalog:` from bun's catalog (1.5.6), locked in the root bun.lock
const ACME_INSTANCE = { file: '../../packages/auth/src/index.ts', exportName: 'auth' }
EXPECTED['bun-catalog-auth-package/apps/web'] = {
  ...blankApp(
    'bun-catalog-auth-package/apps/web',
    'bun-catalog-auth-package',
    'web',
    {
      ...CURRENT_VERSIONS,
      // resolved afresh by bun: a newer vite and one router generator
      '@tanstack/router-generator': { declared: null, installed: '1.167.39', source: 'lockfile' },
      vite: { declared: '^8.0.0', installed: '8.4.1', source: 'lockfile' },
      'better-auth': { declared: '1.5.6', installed: '1.5.6', source: 'lockfile' },
    },
    { name: 'bun', lockfile: 'bun.lock', reason: 'found bun.lock' },
    ['__root.tsx', 'api/auth/$.ts', 'dashboard.tsx', 'index.tsx'],
  ),
  betterAuth: { ...ACME_INSTANCE, module: '@acme/auth' },
  authPackage: {
    name: '@acme/auth',
    dir: '../../packages/auth',
    range: 'workspace:*',
    manifest: {
      dependencies: { 'better-auth': 'catalog:', 'better-sqlite3': '^12.4.1' },
      devDependencies: { '@types/better-sqlite3': '^7.6.13', typescript: 'catalog:' },
    },
    hasExports: true,
    instance: { ...ACME_INSTANCE, specifier: '@acme/auth' },
    client: { file: '../../packages/auth/src/client.ts', specifier: '@acme/auth/client' },
  },
  authClients: ['../../packages/auth/src/client.ts'],
}

Object.assign(EXPECTED, {
  'yarn-berry': blankApp('yarn-berry', 'yarn-berry', 'yarn-berry', YARN_VERSIONS, {
    name: 'yarn',
    lockfile: null,
    reason: 'package.json "packageManager" is yarn@4.12.0; yarn berry',
    yarn: 'berry',
    version: '4.12.0',
  }),
  'yarn-classic': blankApp('yarn-classic', 'yarn-classic', 'yarn-classic', YARN_VERSIONS, {
    name: 'yarn',
    lockfile: 'yarn.lock',
    reason: 'found yarn.lock; yarn classic, as yarn.lock is in the v1 format',
    yarn: 'classic',
  }),
  'bun-text': blankApp('bun-text', 'bun-text', 'bun-text', CURRENT_VERSIONS, {
    name: 'bun',
    lockfile: 'bun.lock',
    reason: 'found bun.lock',
  }),
  'no-lockfile': blankApp('no-lockfile', 'no-lockfile', 'no-lockfile', DECLARED_VERSIONS, {
    name: 'npm',
    lockfile: null,
    reason: 'no lockfile found; defaulting to npm; pass --package-manager to choose',
  }),
  // bun.lockb is binary: versions come from the declared ranges
  'bun-binary': blankApp(
    'bun-binary',
    'bun-binary',
    'bun-binary',
    DECLARED_VERSIONS,
    { name: 'bun', lockfile: 'bun.lockb', reason: 'found bun.lockb' },
    ['__root.tsx', 'dashboard.tsx', 'index.tsx'],
  ),
  // in a workspace the root decides the package manager, and its lockfile the versions
  'yarn-workspace/apps/web': blankApp(
    'yarn-workspace/apps/web',
    'yarn-workspace',
    'web',
    YARN_VERSIONS,
    {
      name: 'yarn',
      lockfile: null,
      reason: 'package.json "packageManager" is yarn@4.18.1; yarn berry',
      yarn: 'berry',
      version: '4.18.1',
    },
    CREATE_ROUTES,
  ),
  'bun-workspace/apps/web': blankApp(
    'bun-workspace/apps/web',
    'bun-workspace',
    'web',
    CURRENT_VERSIONS,
    { name: 'bun', lockfile: 'bun.lock', reason: 'found bun.lock' },
    ['__root.tsx', 'dashboard.tsx', 'index.tsx'],
  ),
  ...Object.fromEntries(
    ['web', 'admin'].map((name) => [
      `pnpm-two-apps/apps/${name}`,
      {
        ...blankApp(
          `pnpm-two-apps/apps/${name}`,
          'pnpm-two-apps',
          name,
          YARN_VERSIONS,
          {
            name: 'pnpm',
            lockfile: null,
            reason: 'package.json "packageManager" is pnpm@10.34.9',
            version: '10.34.9',
          },
          name === 'web' ? ['__root.tsx', 'dashboard.tsx', 'index.tsx'] : ['__root.tsx', 'index.tsx', 'users.tsx'],
        ),
        ...(name === 'admin' ? { devServer: ADMIN_DEV_SERVER } : {}),
      },
    ]),
  ),
  // issue 12, item 4: admin locks better-auth 1.6.34; web declares none, so it has none (versions are the app's own)
  ...Object.fromEntries(
    ['web', 'admin'].map((name) => {
      const relative = `monorepo-sibling-better-auth/apps/${name}`
      const pnpm = {
        name: 'pnpm',
        lockfile: null,
        reason: 'package.json "packageManager" is pnpm@10.34.9',
        version: '10.34.9',
      } as const
      if (name === 'web')
        return [
          relative,
          blankApp(relative, 'monorepo-sibling-better-auth', name, YARN_VERSIONS, pnpm, [
            '__root.tsx',
            'dashboard.tsx',
            'index.tsx',
          ]),
        ]
      const alias = { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 1 }
      const versions: ProjectInfo['versions'] = {
        ...YARN_VERSIONS,
        'better-auth': { declared: '~1.6.34', installed: '1.6.34', source: 'lockfile' },
        'better-sqlite3': { declared: '^12.4.1', installed: '12.11.1', source: 'lockfile' },
      }
      return [
        relative,
        {
          ...blankApp(relative, 'monorepo-sibling-better-auth', name, versions, pnpm, [
            '__root.tsx',
            'api/auth/$.ts',
            'index.tsx',
            'users.tsx',
          ]),
          alias,
          aliases: [alias, CREATE_ALIASES[1]!],
          betterAuth: { file: 'src/lib/auth.ts', exportName: 'auth' },
          databases: ['better-sqlite3'],
          devServer: ADMIN_DEV_SERVER,
        },
      ]
    }),
  ),
  // Which lockfile wins depends on the files' modification times (a checkout sets them): both are named.
  'two-lockfiles': blankApp(
    'two-lockfiles',
    'two-lockfiles',
    'two-lockfiles',
    expect.anything() as never,
    expect.objectContaining({
      name: expect.stringMatching(/^(npm|yarn)$/),
      lockfile: expect.stringMatching(/^(package-lock\.json|yarn\.lock)$/),
      reason: expect.stringMatching(
        /^found yarn\.lock and package-lock\.json; picked (yarn\.lock|package-lock\.json), the most recently modified; pass --package-manager to choose/,
      ),
    }) as never,
  ),
  'npm-workspace/apps/web': blankApp('npm-workspace/apps/web', 'npm-workspace', 'web', CURRENT_VERSIONS, NPM_LOCKFILE),
} satisfies Record<string, ProjectInfo>)

/** A default `create` app (npm, create's aliases and style) of fixtures/<name>, with what the fixture adds. */
function createApp(
  name: string,
  extra: Partial<ProjectInfo> & { moreVersions?: ProjectInfo['versions']; uses?: number } = {},
): ProjectInfo {
  const { moreVersions = {}, uses = 0, ...rest } = extra
  const alias = { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses }
  return {
    root: at(name),
    workspaceRoot: at(name),
    packageName: name,
    manifest: manifestOf(name),
    framework: { name: '@tanstack/react-start', flavor: 'react', version: '1.169.5' },
    versions: { ...CURRENT_VERSIONS, ...moreVersions },
    ...DEFAULT_PATHS,
    alias,
    aliases: [alias, CREATE_ALIASES[1]!],
    tsconfig: 'tsconfig.json',
    viteConfig: 'vite.config.ts',
    packageManager: NPM_LOCKFILE,
    style: CREATE_STYLE,
    ...NOTHING_ELSE,
    ...rest,
  }
}

Object.assign(EXPECTED, {
  // `-` files, css and other `routes` folders change nothing in the inspection
  'routes-zoo': createApp('routes-zoo', {
    // every module file, the `-` ones included: src/routes applies TanStack's ignore rules
    routeFiles: [
      '$lang/about.tsx',
      '$lang/index.tsx',
      '$lang/route.tsx',
      '(marketing)/pricing.tsx',
      '-components/RouteHeader.tsx',
      '-helpers.ts',
      '-index.test.tsx',
      '-test/index.test.tsx',
      '__root.tsx',
      '_app._dashboard.reports.tsx',
      '_app/_dashboard/_panel/route.tsx',
      '_app/_dashboard/_panel/settings.tsx',
      '_app/_dashboard/route.tsx',
      '_app/route.tsx',
      'about.tsx',
      'index.tsx',
      'posts.tsx',
      'posts/$postId.tsx',
      'posts/index.tsx',
    ],
  }),
  'adopt-guest-login': createApp('adopt-guest-login', {
    routeFiles: ['__root.tsx', '_guest.tsx', '_guest/login.tsx', 'about.tsx', 'api.auth.$.ts', 'index.tsx'],
    uses: 2,
    moreVersions: {
      'better-auth': { declared: '^1.7.25', installed: '1.7.25', source: 'lockfile' },
      'better-sqlite3': { declared: '^12.11.1', installed: '12.11.1', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.18', source: 'lockfile' },
    },
    betterAuth: { file: 'src/server/auth.server.ts', exportName: 'auth' },
    authClients: ['src/lib/auth-client.ts'],
    databases: ['better-sqlite3'],
  }),
  // pg, postgres and mysql2 come with prisma: locked, but not the app's own database library
  'prisma-app': createApp('prisma-app', {
    routeFiles: ['__root.tsx', 'about.tsx', 'demo/prisma.tsx', 'index.tsx'],
    uses: 1,
    moreVersions: {
      prisma: { declared: '^7.4.2', installed: '7.10.1', source: 'lockfile' },
      '@prisma/client': { declared: '^7.4.2', installed: '7.10.0', source: 'lockfile' },
      pg: { declared: null, installed: '8.23.1', source: 'lockfile' },
      postgres: { declared: null, installed: '3.4.7', source: 'lockfile' },
      mysql2: { declared: null, installed: '3.24.4', source: 'lockfile' },
    },
    databases: ['prisma', '@prisma/client'],
    prisma: {
      setup: {
        schemaFile: 'prisma/schema.prisma',
        provider: 'postgresql',
        clientFile: 'src/db.ts',
        clientExport: 'prisma',
      },
    },
  }),
  'clerk-start': createApp('clerk-start', {
    startFile: 'src/start.ts',
    routeFiles: ['__root.tsx', 'about.tsx', 'demo/clerk.tsx', 'index.tsx'],
  }),
  // Clerk's pages at the catch-alls /sign-in/$ and /sign-up/$
  'clerk-sign-in': createApp('clerk-sign-in', {
    startFile: 'src/start.ts',
    routeFiles: ['__root.tsx', 'about.tsx', 'demo/clerk.tsx', 'index.tsx', 'sign-in.$.tsx', 'sign-up.$.tsx'],
  }),
  'foreign-sign-in': createApp('foreign-sign-in', {
    uses: 2,
    routeFiles: ['__root.tsx', 'about.tsx', 'index.tsx', 'sign-in.tsx', 'sign-up.tsx'],
  }),
  'sentry-start': createApp('sentry-start', {
    startFile: 'src/start.ts',
    routeFiles: ['__root.tsx', 'about.tsx', 'demo/sentry.testing.tsx', 'index.tsx'],
  }),
  // tsconfig.json is a solution file: the alias comes through references -> tsconfig.app.json -> extends
  'tsconfig-references': createApp('tsconfig-references', {
    alias: { prefix: '~/', target: 'src', declaredIn: 'tsconfig.base.json', uses: 4 },
    aliases: [{ prefix: '~/', target: 'src', declaredIn: 'tsconfig.base.json', uses: 4 }],
    tsconfig: 'tsconfig.app.json',
  }),
  // `@` is in vite's resolve.alias and tsconfig paths: one alias
  'vite-alias': createApp('vite-alias', {
    alias: { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 4 },
    aliases: [{ prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 4 }],
  }),
  // both declared: the one the code uses wins
  'both-aliases': createApp('both-aliases', {
    alias: { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 4 },
    aliases: [
      { prefix: '@/', target: 'src', declaredIn: 'tsconfig.json', uses: 4 },
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
    ],
  }),
  // wrangler.jsonc: a serverless host, where a SQLite file cannot keep the users
  // the app's own protection (pathless layouts with beforeLoad, route server middleware, a loader redirect)
  'existing-protection': createApp('existing-protection', {
    routeFiles: [
      '__root.tsx',
      '_auth.tsx',
      '_auth/projects.tsx',
      '_protected/dashboard.tsx',
      '_protected/route.tsx',
      '_protected/settings/profile.tsx',
      'about.tsx',
      'admin.tsx',
      'admin.users.tsx',
      'billing.tsx',
      'index.tsx',
      'login.tsx',
    ],
    uses: 4,
  }),
  // Better Auth on D1 made per request: getAuth(env.DB), env from cloudflare:workers
  'cloudflare-d1-factory': createApp('cloudflare-d1-factory', {
    host: { name: 'Cloudflare Workers', evidence: 'wrangler.jsonc' },
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'index.tsx'],
    uses: 1,
    moreVersions: {
      'better-auth': { declared: '^1.7.29', installed: '1.7.29', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.20', source: 'lockfile' },
    },
    betterAuth: {
      file: 'src/lib/auth.ts',
      exportName: 'getAuth',
      factory: { name: 'getAuth', required: 1 },
      // the handler's GET and POST each call it so (one entry per call)
      calls: [1, 2].map(() => ({
        args: 'env.DB',
        call: 'getAuth(env.DB)',
        file: 'src/routes/api/auth/$.ts',
        imports: [{ imported: 'env', local: 'env', module: 'cloudflare:workers' }],
      })),
    },
    authClients: ['src/lib/auth-client.ts'],
  }),
  // getAuth(context.env), the env a Worker's own fetch(request, env) puts into the request context
  'cloudflare-context-env': createApp('cloudflare-context-env', {
    host: { name: 'Cloudflare Workers', evidence: 'wrangler.jsonc' },
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'index.tsx'],
    uses: 1,
    moreVersions: {
      'better-auth': { declared: '^1.7.29', installed: '1.7.29', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.20', source: 'lockfile' },
    },
    betterAuth: {
      file: 'src/lib/auth.ts',
      // the exported memo, not the unexported maker that calls betterAuth
      exportName: 'getAuth',
      factory: { name: 'getAuth', required: 1 },
      calls: ['GET', 'POST'].map(() => ({
        args: 'env',
        call: 'getAuth(context.env)',
        file: 'src/routes/api/auth/$.ts',
        imports: [{ imported: 'env', local: 'env', module: 'cloudflare:workers' }],
      })),
      // the instance for Better Auth's CLI beside it
      others: ['src/lib/auth.cli.ts'],
    },
    authClients: ['src/lib/auth-client.ts'],
  }),
  // createAuth(context.db) in a middleware, db put there by the database middleware
  'middleware-context-db': createApp('middleware-context-db', {
    host: { name: 'Cloudflare Workers', evidence: 'wrangler.jsonc' },
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'index.tsx'],
    uses: 3,
    moreVersions: {
      'better-auth': { declared: '^1.7.29', installed: '1.7.29', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.20', source: 'lockfile' },
    },
    betterAuth: {
      file: 'src/lib/auth.ts',
      exportName: 'createAuth',
      factory: { name: 'createAuth', required: 1 },
      calls: [
        {
          args: 'createDB(env.DB)',
          call: 'createAuth(context.db)',
          file: 'src/middlewares/better-auth.ts',
          imports: [
            { imported: 'createDB', local: 'createDB', file: 'src/db.ts' },
            { imported: 'env', local: 'env', module: 'cloudflare:workers' },
          ],
        },
      ],
    },
    authClients: ['src/lib/auth-client.ts'],
  }),
  // createAuthService({ db: env.DB, ..., mailer }) in the Worker's fetch, mailer a const of it
  'worker-auth-service': createApp('worker-auth-service', {
    host: { name: 'Cloudflare Workers', evidence: 'wrangler.jsonc' },
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'index.tsx'],
    moreVersions: {
      'better-auth': { declared: '^1.7.29', installed: '1.7.29', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.20', source: 'lockfile' },
    },
    betterAuth: {
      file: 'src/lib/auth.ts',
      exportName: 'createAuthService',
      factory: { name: 'createAuthService', required: 1 },
      calls: [
        {
          args: '{ db: env.DB, secret: env.BETTER_AUTH_SECRET, mailer: createMailer() }',
          call: 'createAuthService({ db: env.DB, secret: env.BETTER_AUTH_SECRET, mailer })',
          file: 'src/server.ts',
          imports: [
            { imported: 'env', local: 'env', module: 'cloudflare:workers' },
            { imported: 'createMailer', local: 'createMailer', file: 'src/lib/mailer.ts' },
          ],
        },
      ],
    },
    authClients: ['src/lib/auth-client.ts'],
  }),
  'cloudflare-app': createApp('cloudflare-app', { host: { name: 'Cloudflare Workers', evidence: 'wrangler.jsonc' } }),
  'adopt-drizzle': createApp('adopt-drizzle', {
    routeFiles: ['__root.tsx', 'about.tsx', 'api/auth/$.ts', 'demo/better-auth.tsx', 'demo/drizzle.tsx', 'index.tsx'],
    uses: 5,
    moreVersions: {
      'better-auth': { declared: '^1.7.25', installed: '1.7.25', source: 'lockfile' },
      'drizzle-orm': { declared: '^0.45.1', installed: '0.45.4', source: 'lockfile' },
      pg: { declared: '^8.16.3', installed: '8.23.1', source: 'lockfile' },
      kysely: { declared: null, installed: '0.28.18', source: 'lockfile' },
    },
    betterAuth: { file: 'src/lib/auth.ts', exportName: 'auth' },
    authClients: ['src/lib/auth-client.ts'],
    databases: ['drizzle-orm', 'pg'],
    drizzle: {
      setup: {
        configFile: 'drizzle.config.ts',
        provider: 'pg',
        dbFile: 'src/db/index.ts',
        dbExport: 'db',
        authSchemaFile: 'src/db/auth-schema.ts',
        schemaEntry: 'src/db/schema.ts',
      },
    },
  }),
  'nitro-app': createApp('nitro-app'),
  'pg-app': createApp('pg-app', {
    routeFiles: ['__root.tsx', 'about.tsx', 'index.tsx', 'todos.tsx'],
    uses: 1,
    moreVersions: { pg: { declared: '^8.23.1', installed: '8.23.1', source: 'lockfile' } },
    databases: ['pg'],
  }),
} satisfies Record<string, ProjectInfo>)

/** Folders under fixtures/ that inspectProject must refuse, with the error it must give. */
const REFUSED: Record<string, { message: string; hint: string; details: Record<string, unknown> }> = {
  'pnpm-two-apps': {
    message: `${at('pnpm-two-apps')} is a workspace root, not a TanStack Start app; Start apps found: apps/admin, apps/web`,
    hint: 'Run again with one of: --cwd apps/admin, --cwd apps/web.',
    details: { candidates: ['apps/admin', 'apps/web'] },
  },
  ...Object.fromEntries(
    ['yarn-workspace', 'bun-workspace', 'bun-catalog-auth-package'].map((name) => [
      name,
      {
        message: `${at(name)} is a workspace root, not a TanStack Start app; Start app found: apps/web`,
        hint: 'Run again with --cwd apps/web.',
        details: { candidates: ['apps/web'] },
      },
    ]),
  ),
  'monorepo-sibling-better-auth': {
    message: `${at('monorepo-sibling-better-auth')} is a workspace root, not a TanStack Start app; Start apps found: apps/admin, apps/web`,
    hint: 'Run again with one of: --cwd apps/admin, --cwd apps/web.',
    details: { candidates: ['apps/admin', 'apps/web'] },
  },
  'pnpm-monorepo': {
    message: `${at('pnpm-monorepo')} is a workspace root, not a TanStack Start app; Start app found: apps/web`,
    hint: 'Run again with --cwd apps/web.',
    details: { candidates: ['apps/web'] },
  },
  'npm-workspace': {
    message: `${at('npm-workspace')} is a workspace root, not a TanStack Start app; Start app found: apps/web`,
    hint: 'Run again with --cwd apps/web.',
    details: { candidates: ['apps/web'] },
  },
}

describe('inspectProject on every fixture', () => {
  test('every fixture folder has an expectation', () => {
    const folders = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
    const covered = new Set(
      [...Object.keys(EXPECTED), ...Object.keys(REFUSED)].map((relative) => relative.split('/')[0]),
    )
    expect(folders.filter((folder) => !covered.has(folder))).toEqual([])
  })

  test.each(Object.entries(EXPECTED))('%s', async (relative, expected) => {
    expect(await inspectProject(at(relative))).toEqual(expected)
  })

  test.each(Object.entries(REFUSED))('%s is refused', async (relative, expected) => {
    const error = await inspectProject(at(relative)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KitError)
    expect({
      message: (error as KitError).message,
      hint: (error as KitError).hint,
      details: (error as KitError).details,
    }).toEqual(expected)
  })

  test('inspection is read-only and JSON-serialisable', async () => {
    const listing = () =>
      readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
        .sort()
        .map((file) => `${file} ${statSync(path.join(FIXTURES, file)).mtimeMs}`)
    const before = listing()
    const info = await inspectProject(at('custom-dirs-at'))
    await inspectProject(at('pnpm-monorepo/apps/web'))
    expect(listing()).toEqual(before)
    expect(JSON.parse(JSON.stringify(info))).toEqual(info)
  })
})
