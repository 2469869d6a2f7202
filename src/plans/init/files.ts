import path from 'node:path'
import { formatCode } from '../../core/format.js'
import { renderTemplate } from '../../core/templates.js'
import { importClause } from '../../codemods/js/exports.js'
import type { DrizzleSetup } from '../../project/drizzle.js'
import { clientIpHeaderOf } from '../../project/hosting.js'
import type { PrismaSetup } from '../../project/prisma.js'
import type { ProjectInfo } from '../../project/types.js'
import { accountEmailComponents, NO_ACCOUNT_EMAILS, type AccountEmailPlan } from '../account-emails.js'
import type { Accessor } from '../accessor.js'
import type { Adoption } from '../adopt.js'
import type { ConvexInstanceType } from '../convex.js'
import { authModuleFile, authModulePath, importSpecifier, importSpecifierOfFile, routeFileFor } from '../paths.js'
import { MAGIC_LINK_SECONDS } from '../sign-in/providers.js'
import { betterAuthApi, startApiFlags } from '../versions.js'
import type { InitAnswers } from './checks.js'
import type { LayoutPlan } from './layout.js'
import { signUpInputs, unrenderedSignUpFields } from './sign-up.js'

interface GeneratedFile {
  template: string
  /** Output path relative to the app root. */
  output: string
}

/** The files `init` writes from templates: everything the app does not have already. */
export function generatedFiles(
  project: ProjectInfo,
  answers: InitAnswers,
  adoption: Adoption,
  layout: LayoutPlan,
  emails: AccountEmailPlan,
): GeneratedFile[] {
  // the modules the instance imports go beside it when it lives in a workspace package
  const lib = (name: string) => ({
    template: `init/lib/auth/${name}.hbs`,
    output: authModuleFile(project, `lib/auth/${name}`),
  })
  const route = (template: string, routePath: string, extension = '.tsx') => ({
    template: `init/routes/${template}.hbs`,
    output: routeFileFor(project, routePath, extension),
  })
  return [
    // The app's own instance, client, handler and pages are reused, never written twice (one in Convex too).
    ...(adoption.instance || adoption.convex ? [] : [lib('auth.ts')]),
    ...(adoption.instance?.accessor ? [lib('instance.ts')] : []),
    ...(answers.apiTokens ? [lib('api-token-policy.ts'), lib('api-tokens.ts'), lib('api-tokens.functions.ts')] : []),
    ...(emails.flags.email ? [lib('email.ts')] : []),
    // what the sign-in and account pages render for each flow
    ...accountEmailComponents(project, answers),
    // Deactivation and bans enforced inside Better Auth (no database, nothing to lock).
    ...(answers.stateless ? [] : [lib('lockout.ts')]),
    lib('session.ts'),
    lib('session.functions.ts'),
    lib('account.functions.ts'),
    lib('guards.ts'),
    lib('action-middleware.ts'),
    ...(adoption.client ? [] : [lib('auth-client.ts')]),
    lib('redirect.ts'),
    lib('request-middleware.ts'),
    // The client address the rate limits key on (kit-auth's handler uses it; an app's own handler is kept).
    // Convex's handler forwards to the instance in Convex, which keys its own.
    ...(adoption.convex ? [] : [lib('client-ip.ts')]),
    ...(adoption.handler ? [] : [route('api/auth/$.ts', '/api/auth/$', '.ts')]),
    // A pathless layout needs a child route, or the generator reads it as a second '/'.
    ...(answers.layout && !layout.existingLayout
      ? [
          {
            template: 'init/routes/_authenticated/route.tsx.hbs',
            output: path.posix.join(project.routesDirectory, '_authenticated', 'route.tsx'),
          },
        ]
      : []),
    ...(answers.layout ? [{ template: 'init/routes/_authenticated/account.tsx.hbs', output: layout.accountFile }] : []),
    ...(adoption.signIn ? [] : [route('sign-in.tsx', answers.signInPath)]),
    // an instance with password sign-in off gets no password sign-up; its sign-in page uses its magic link
    // nor one whose instance requires a user field its form cannot ask for (sign-up.ts)
    ...(writesSignUpPage(adoption) ? [route('sign-up.tsx', answers.signUpPath)] : []),
    ...(!adoption.signIn && magicLinkSignIn(adoption)
      ? [
          {
            template: 'add/sign-in/lib/auth/components/magic-link-form.tsx.hbs',
            output: authModuleFile(project, 'lib/auth/components/magic-link-form.tsx'),
          },
        ]
      : []),
    ...emails.pages,
  ]
}

/** kit-auth writes the sign-up page: the app has none, signs in by password, and needs no field it cannot ask for. */
export function writesSignUpPage(adoption: Adoption): boolean {
  return !adoption.signUp && !passwordSignInOff(adoption) && unrenderedSignUpFields(adoption).length === 0
}

/** The app's instance (its own, or the one in Convex) has password sign-in off: no password pages. */
export function passwordSignInOff(adoption: Adoption): boolean {
  return !!adoption.instance?.passwordless || adoption.convex?.passwordless !== undefined
}

/** kit-auth's sign-in page signs in by the instance's magic link: password sign-in is off, `magicLink()` is on. */
export function magicLinkSignIn(adoption: Adoption): boolean {
  return !!adoption.instance?.passwordless && adoption.instance.magicLink
}

/**
 * How `fromFile` imports a module: a generated sibling as `./name` (the generated lib/auth files
 * import each other that way), anything else through the app's alias or a relative path.
 */
export function moduleFrom(project: ProjectInfo, fromFile: string, targetFile: string, generated: boolean): string {
  if (generated && path.posix.dirname(fromFile) === path.posix.dirname(targetFile))
    return `./${path.posix.basename(targetFile).replace(/\.(?:[cm]?[jt]sx?)$/, '')}`
  return importSpecifierOfFile(project, fromFile, targetFile)
}

/**
 * How `fromFile` imports kit-auth's module `lib/auth/<name>`: `./name` beside it, else its path or
 * package specifier.
 */
function libModule(project: ProjectInfo, fromFile: string, name: string): string {
  const target = authModulePath(project, `lib/auth/${name}`)
  if (path.posix.dirname(target) === path.posix.dirname(fromFile)) return `./${name}`
  return importSpecifier(project, fromFile, `lib/auth/${name}`)
}

/** `./auth-schema` from `src/db/schema.ts` to `src/db/auth-schema.ts`: relative, extension dropped. */
export function relativeModule(fromFile: string, targetFile: string): string {
  // Folder first, then the name: src/lib/auth/x.ts -> src/lib/auth.ts is `../auth`, never `./`.
  const folder = path.posix.relative(path.posix.dirname(fromFile), path.posix.dirname(targetFile))
  const relative = path.posix.join(folder, path.posix.basename(targetFile).replace(/\.(?:[cm]?[jt]sx?)$/, ''))
  return relative.startsWith('.') ? relative : `./${relative}`
}

/** Where the generated files find the auth instance and the client: kit-auth's own, or the app's. */
export interface AuthModules {
  authFile: string
  authImport: string
  clientFile: string
  clientImport: string
}

/**
 * The auth modules the generated files import. An instance a function makes is used through
 * kit-auth's lib/auth/instance.ts, which calls it.
 */
export function authModules(project: ProjectInfo, adoption: Adoption): AuthModules {
  const lib = (name: string) => path.posix.join(project.srcDirectory, 'lib/auth', name)
  const accessor = adoption.instance?.accessor ?? null
  return {
    authFile: accessor ? lib('instance.ts') : (adoption.instance?.file ?? lib('auth.ts')),
    authImport: accessor ? '{ auth }' : importClause(adoption.instance?.exportName ?? 'auth', 'auth'),
    clientFile: adoption.client?.file ?? lib('auth-client.ts'),
    clientImport: importClause(adoption.client?.exportName ?? 'authClient', 'authClient'),
  }
}

/** Renders `init`'s templates for one output file, in the app's alias and style. */
export type InitRenderer = (template: string, output: string) => Promise<string>

export function initRenderer(
  project: ProjectInfo,
  answers: InitAnswers,
  setup: {
    adoption: Adoption
    modules: AuthModules
    layout: LayoutPlan
    emails: AccountEmailPlan
    drizzle: DrizzleSetup | null
    prisma: PrismaSetup | null
    /** Convex: the instance in convex/ whose type the session takes, when the Start app can import it. */
    convexType?: ConvexInstanceType | null
  },
): InitRenderer {
  const { adoption, modules, layout, emails, drizzle, prisma } = setup
  const convexType = setup.convexType ?? null
  const convexLocal = convexType && (convexType.exportName === 'default' ? 'createAuth' : convexType.exportName)
  const accessor = adoption.instance?.accessor ?? null
  const betterAuth = betterAuthApi(project)
  // Email flows store their tokens: a stateless instance (no database) gets none.
  const emailAnswers = answers.stateless ? NO_ACCOUNT_EMAILS : answers
  const context = {
    ...startApiFlags(project),
    // a string literal (prettier gives it the app's quotes)
    serverFnBase: JSON.stringify(project.serverFnBase),
    ...answers,
    cookiesPlugin: betterAuth.cookies.name,
    cookiesModule: betterAuth.cookies.from,
    adapterType: betterAuth.adapterType,
    deactivation: !answers.stateless,
    // lockout.ts locks deactivated and banned users out (a stateless app has neither: no database)
    lockout: !answers.stateless,
    fieldIndex: betterAuth.fieldIndex,
    ...clientIpHeaderOf(project),
    sqlite: answers.db === 'sqlite',
    postgres: answers.db === 'postgres',
    drizzle: drizzle !== null,
    drizzleProvider: drizzle?.provider,
    prisma: prisma !== null,
    prismaProvider: prisma?.provider,
    anyPlugin: answers.admin || answers.organization,
    pluginImports: [answers.admin && 'admin', answers.organization && 'organization'].filter(Boolean).join(', '),
    homePath: '/',
    apiRouteId: '/api/auth/$',
    layoutRouteId: '/_authenticated',
    accountPath: layout.accountPath,
    // the layout above the account page is the app's own, with its own check: the page runs requireAuth itself
    accountGuard: layout.appProtection !== undefined,
    ...emails.paths,
    ...emails.flags,
    ...emailAnswers,
    changeEmailVerification: betterAuth.changeEmailVerification,
    verificationLinkOnce: betterAuth.verificationLinkOnce,
    // only kit-auth's own instance is known to allow it
    deleteAccount: !adoption.instance && !adoption.convex,
    // Better Auth runs in Convex: sessions read over HTTP from the Convex site the app's handler forwards to
    convex: !!adoption.convex,
    convexHandler: adoption.convex?.handler,
    convexSiteUrlEnv: adoption.convex?.siteUrlEnv,
    convexSiteUrl: adoption.convex && `${adoption.convex.envAccess}.${adoption.convex.siteUrlEnv}`,
    // the sign-in page: email and password, or (password sign-in off) the instance's magic link, or no form
    passwordSignIn: !passwordSignInOff(adoption),
    // the sign-in page links to a sign-up page only when there is one; its form asks for the required user fields
    signUpLink: !!adoption.signUp || writesSignUpPage(adoption),
    signUpInputs: signUpInputs(adoption),
    magicLinkSignIn: magicLinkSignIn(adoption),
    expiresInMinutes: MAGIC_LINK_SECONDS / 60,
  }
  return async (template: string, output: string) => {
    const fileContext = {
      ...context,
      ...(drizzle
        ? {
            dbImport: importClause(drizzle.dbExport, 'db'),
            dbModule: importSpecifierOfFile(project, output, drizzle.dbFile),
            authSchemaModule: importSpecifierOfFile(project, output, drizzle.authSchemaFile),
          }
        : {}),
      ...(prisma
        ? {
            prismaImport: importClause(prisma.clientExport, 'prisma'),
            prismaModule: importSpecifierOfFile(project, output, prisma.clientFile),
          }
        : {}),
      authImport: modules.authImport,
      authModule: moduleFrom(project, output, modules.authFile, !adoption.instance || accessor !== null),
      ...(accessor && adoption.instance
        ? {
            accessorImport: importClause(accessor.exportName, accessor.call ? 'createAppAuth' : 'appAuth'),
            accessorName: accessorName(accessor),
            accessorCaller: accessor.call?.file ?? null,
            accessorArgs: accessor.call?.args ?? '',
            accessorArgImports: (accessor.call?.imports ?? []).map((entry) => ({
              clause: entry.imported === '*' ? `* as ${entry.local}` : importClause(entry.imported, entry.local),
              // relative, as below
              module: entry.file ? relativeModule(output, entry.file) : entry.module,
            })),
            // relative: the migration runner's plain Vite server resolves no package.json `imports`
            accessorModule: project.authPackage
              ? importSpecifierOfFile(project, output, adoption.instance.file)
              : relativeModule(output, adoption.instance.file),
            accessorFile: adoption.instance.file,
          }
        : {}),
      ...(convexType && convexLocal
        ? {
            convexAuthImport: importClause(convexType.exportName, convexLocal),
            convexAuthModule: importSpecifierOfFile(project, output, convexType.file),
            convexAuthType: convexType.factory ? `ReturnType<typeof ${convexLocal}>` : `typeof ${convexLocal}`,
          }
        : {}),
      clientImport: modules.clientImport,
      clientModule: moduleFrom(project, output, modules.clientFile, !adoption.client),
      // kit-auth's own modules: siblings, or in the workspace package beside its instance
      apiTokensModule: libModule(project, output, 'api-tokens'),
      apiTokenPolicyModule: libModule(project, output, 'api-token-policy'),
      lockoutModule: libModule(project, output, 'lockout'),
    }
    const source = renderTemplate(template, fileContext, {
      import: (target: string) => importSpecifier(project, output, target),
    })
    return formatCode(source, output, project.style)
  }
}

/** Longest copied arguments a comment names as they are; longer ones (or with comments) are `(...)`. */
const NAMED_ARGUMENTS = 40

/** The accessor as init's line comments name it: `getAuth(env.DB)`, on one line, or `createAuthService(...)`. */
function accessorName(accessor: Accessor): string {
  if (!accessor.call) return `${accessor.local}()`
  const args = accessor.call.args.replace(/\s+/g, ' ')
  return `${accessor.local}(${args.length > NAMED_ARGUMENTS || /\/[/*]/.test(args) ? '...' : args})`
}
