import ts from '../../../lib/typescript.js'
import { parse } from '../js/parse.js'

/** Packages whose import means a page talks to Better Auth (`better-auth/react`, `@better-auth/passkey/client`). */
const BETTER_AUTH_PACKAGE = /^(?:better-auth|@better-auth\/[^/]+)(?:\/|$)/

/** How far imports are followed from the page (`sign-in.tsx` -> `components/sign-in-form.tsx` -> client). */
const MAX_DEPTH = 2

/**
 * Whether a page signs in through Better Auth: it, or an app module it imports (two levels down),
 * imports a Better Auth package or one of the app's auth client modules. A page of another system
 * (a shop's customer login, Clerk's `<SignIn />`) does neither.
 *
 * @param read an app file's text (relative to the root), or null when there is none
 * @param resolve the app file an import of `from` names, or null for packages and misses
 * @param clients the app's auth client modules (relative to the root)
 * @example signsInWithBetterAuth('src/routes/login.tsx', read, resolve, ['src/lib/auth-client.ts']) // true
 */
export function signsInWithBetterAuth(
  file: string,
  read: (file: string) => string | null,
  resolve: (from: string, specifier: string) => string | null,
  clients: readonly string[],
): boolean {
  const seen = new Set<string>()
  const visit = (current: string, depth: number): boolean => {
    if (seen.has(current)) return false
    seen.add(current)
    const text = read(current)
    if (text === null) return false
    for (const specifier of moduleSpecifiers(text, current)) {
      if (BETTER_AUTH_PACKAGE.test(specifier)) return true
      const target = resolve(current, specifier)
      if (target === null) continue
      if (clients.includes(target)) return true
      if (depth < MAX_DEPTH && visit(target, depth + 1)) return true
    }
    return false
  }
  return visit(file, 0)
}

/** The specifiers a module imports or re-exports from (type-only imports left out: they run nothing). */
function moduleSpecifiers(text: string, file: string): string[] {
  const found: string[] = []
  for (const statement of parse(text, file).statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
      if (ts.isStringLiteral(statement.moduleSpecifier)) found.push(statement.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier) {
      if (ts.isStringLiteral(statement.moduleSpecifier)) found.push(statement.moduleSpecifier.text)
    }
  }
  return found
}
