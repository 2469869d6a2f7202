import ts from '../../../lib/typescript.js'
import { parse } from '../js/parse.js'

/** Packages of Better Auth's (`better-auth/react`, `@better-auth/passkey/client`). */
const BETTER_AUTH_PACKAGE = /^(?:better-auth|@better-auth\/[^/]+)(?:\/|$)/

/** Sign-in UI built on Better Auth (`@daveyplate/better-auth-ui`'s `<AuthCard />`): importing it signs in. */
const BETTER_AUTH_UI = /^(?:@[^/]+\/)?better-auth-ui(?:\/|$)/

/**
 * What a module that signs in says: `authClient.signIn.email(...)`, `signIn.social(...)` (a destructured
 * client), `auth.api.signInEmail(...)`. A header that only reads the session or signs out does not.
 */
const SIGN_IN_CALL = /\bsignIn(?:\s*\.|\s*\(|Email|Social|Username|WithPasskey)/

/** An anonymous sign-in (`authClient.signIn.anonymous()`): a guest page's, never a sign-in page's call. */
const ANONYMOUS_SIGN_IN = /\bsignIn\s*\.\s*anonymous\b/g

/**
 * Whether a module's text calls a sign-in itself (`authClient.signIn.email(...)`, `auth.api.signInEmail(...)`);
 * `signIn.anonymous()` does not count.
 */
function callsSignIn(text: string): boolean {
  return SIGN_IN_CALL.test(text.replace(ANONYMOUS_SIGN_IN, ''))
}

/** Other auth systems' packages: a page importing one of them itself is theirs (`<SignIn />` from Clerk). */
const OTHER_AUTH_PACKAGE = new RegExp(
  '^(?:@clerk/|@auth0/|@workos-inc/|@supabase/(?:auth|ssr|supabase-js)|@auth/|next-auth|firebase/auth|' +
    '@stackframe/|@kinde-oss/|@neondatabase/(?:neon-js|auth)(?:/|$)|lucia(?:/|$))',
)

/** How far imports are followed from the page (`sign-in.tsx` -> barrel -> form -> server function -> instance). */
const MAX_DEPTH = 3

/**
 * Whether a page signs in through Better Auth: it, or an app module it imports (three levels down),
 * imports a Better Auth package, one of the app's auth client modules or its instance's module, and
 * calls a sign-in (`signIn.email(...)`); or it imports Better Auth's sign-in UI. A page of another
 * system (a shop's customer login, Clerk's `<SignIn />`) does neither (a shared header that reads the
 * session does not count), or imports that system itself. `files` are the page's modules (the route
 * file, and its `.lazy.tsx` half).
 *
 * @param read an app file's text (relative to the root), or null when there is none
 * @param resolve the app file an import of `from` names, or null for packages and misses
 * @param ends the app's auth client modules and its instance's module (relative to the root)
 * @example signsInWithBetterAuth(['src/routes/login.tsx'], read, resolve, ['src/lib/auth-client.ts']) // true
 */
export function signsInWithBetterAuth(
  files: readonly string[],
  read: (file: string) => string | null,
  resolve: (from: string, specifier: string) => string | null,
  ends: readonly string[],
): boolean {
  const pages = files.map((file) => moduleOf(file, read))
  if (pages.some((page) => page.specifiers.some((specifier) => OTHER_AUTH_PACKAGE.test(specifier)))) return false
  // breadth first: each module is read once, at the smallest depth it is reached
  const seen = new Set(files)
  let level = pages
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const below: AppModule[] = []
    for (const { file, text, specifiers } of level) {
      const signsIn = callsSignIn(text)
      for (const specifier of specifiers) {
        if (BETTER_AUTH_UI.test(specifier)) return true
        if (BETTER_AUTH_PACKAGE.test(specifier)) {
          if (signsIn) return true
          continue
        }
        const target = resolve(file, specifier)
        if (target === null) continue
        if (ends.includes(target)) {
          if (signsIn) return true
          continue
        }
        if (seen.has(target)) continue
        seen.add(target)
        below.push(moduleOf(target, read))
      }
    }
    level = below
  }
  return false
}

interface AppModule {
  file: string
  text: string
  specifiers: string[]
}

function moduleOf(file: string, read: (file: string) => string | null): AppModule {
  const text = read(file) ?? ''
  return { file, text, specifiers: moduleSpecifiers(text, file) }
}

/** The specifiers a module imports or re-exports values from (type-only imports run nothing). */
function moduleSpecifiers(text: string, file: string): string[] {
  const found: string[] = []
  for (const statement of parse(text, file).statements) {
    if (ts.isImportDeclaration(statement) && !typeOnly(statement.importClause)) {
      if (ts.isStringLiteral(statement.moduleSpecifier)) found.push(statement.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier) {
      if (ts.isStringLiteral(statement.moduleSpecifier)) found.push(statement.moduleSpecifier.text)
    }
  }
  return found
}

/** `import type { a }`, or `import { type a, type b }` (nothing else): no value comes in. */
function typeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false
  if (clause.isTypeOnly) return true
  if (clause.name || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) return false
  const elements = clause.namedBindings.elements
  return elements.length > 0 && elements.every((element) => element.isTypeOnly)
}
