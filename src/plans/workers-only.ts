import ts from '../../lib/typescript.js'
import { parse } from '../codemods/js/parse.js'
import type { FactoryCall, ProjectInfo } from '../project/types.js'
import { resolveModule } from './handler-check.js'

const WORKERS = 'cloudflare:workers'

/** How many modules deep the instance's imports are followed. */
const DEPTH = 3

/** The module specifiers a file imports or re-exports at its top level, values only (`import type` is erased). */
function staticSpecifiers(text: string, file: string): string[] {
  return parse(text, file).statements.flatMap((statement) => {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly)
      return ts.isStringLiteral(statement.moduleSpecifier) ? [statement.moduleSpecifier.text] : []
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier)
      return ts.isStringLiteral(statement.moduleSpecifier) ? [statement.moduleSpecifier.text] : []
    return []
  })
}

/**
 * The file through which the app's Better Auth instance loads `cloudflare:workers` (Cloudflare's `env`, a D1 or
 * Hyperdrive binding) when it is imported: the instance file, an app module it imports (a few levels deep), or a
 * module of the app's factory call that kit-auth's lib/auth/instance.ts copies. That module exists only inside the
 * Workers runtime, so kit-auth's migration runner (Vite in Node) cannot load such an instance. A dynamic
 * `import('cloudflare:workers')` inside a function does not count: loading the module does not run it. Null when
 * nothing in that chain imports it.
 *
 * @example workersImport(project, read, 'src/lib/auth.ts')
 *   // 'src/db/index.ts' (it imports env from cloudflare:workers)
 */
export function workersImport(
  project: Pick<ProjectInfo, 'aliases'>,
  read: (file: string) => string | null,
  instanceFile: string,
  call?: FactoryCall,
): string | null {
  if (call?.imports.some((entry) => entry.module === WORKERS)) return call.file
  const starts = [instanceFile, ...(call?.imports.flatMap((entry) => (entry.file ? [entry.file] : [])) ?? [])]
  const seen = new Set<string>()
  let level = starts
  for (let depth = 0; depth <= DEPTH && level.length > 0; depth++) {
    const next: string[] = []
    for (const file of level) {
      if (seen.has(file)) continue
      seen.add(file)
      const text = read(file)
      if (text === null) continue
      const specifiers = staticSpecifiers(text, file)
      if (specifiers.includes(WORKERS)) return file
      for (const specifier of specifiers) {
        const module = resolveModule(project, read, file, specifier)
        if (module) next.push(module)
      }
    }
    level = next
  }
  return null
}

/**
 * The step that says why kit-auth does not migrate such an instance and how its tables are applied (no capital,
 * no period): Better Auth's CLI loads its config in Node too, so it needs a config without that import.
 */
export function workersMigrationStep(file: string): string {
  return (
    `apply the auth tables yourself: your instance loads ${WORKERS} (through ${file}), which exists only inside ` +
    "the Workers runtime, so neither `kit-auth migrate` nor Better Auth's CLI can load it in Node. Generate the SQL " +
    'from a config file that makes the same betterAuth({...}) options without that import (`npx auth@latest ' +
    'generate --config <that file> --output migrations/0001_auth.sql`), then apply it to the database your Worker ' +
    'binds (D1: `npx wrangler d1 migrations apply <database>`)'
  )
}
