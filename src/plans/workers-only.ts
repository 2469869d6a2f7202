import { parse } from '../codemods/js/parse.js'
import { importedBindings } from '../project/imported-bindings.js'
import type { FactoryCall, ProjectInfo } from '../project/types.js'
import { resolveModule } from './handler-check.js'

const WORKERS = 'cloudflare:workers'

/**
 * The file through which the app's Better Auth instance takes something from `cloudflare:workers` (Cloudflare's
 * `env`, a D1 or Hyperdrive binding): the instance file, an app module it imports, or the app's factory call that
 * kit-auth's lib/auth/instance.ts copies. That module exists only inside the Workers runtime, so kit-auth's
 * migration runner (Vite in Node) cannot load such an instance. Null when nothing in that chain imports it.
 *
 * @example workersImport(project, read, 'src/lib/auth.ts') // 'src/db/index.ts' (it imports env from cloudflare:workers)
 */
export function workersImport(
  project: Pick<ProjectInfo, 'aliases'>,
  read: (file: string) => string | null,
  instanceFile: string,
  call?: FactoryCall,
): string | null {
  if (call?.imports.some((entry) => entry.module === WORKERS)) return call.file
  const importsWorkers = (file: string, text: string | null) =>
    !!text?.includes(WORKERS) && importedBindings(parse(text, file)).some((binding) => binding.specifier === WORKERS)
  const text = read(instanceFile)
  if (text === null) return null
  if (importsWorkers(instanceFile, text)) return instanceFile
  for (const { specifier } of importedBindings(parse(text, instanceFile))) {
    const module = resolveModule(project, read, instanceFile, specifier)
    if (module && importsWorkers(module, read(module))) return module
  }
  return null
}

/** The step that says how such an instance's tables are applied (no capital, no period). */
export function workersMigrationStep(file: string): string {
  return (
    `generate the auth tables (\`npx auth generate\`) and apply them to the database your Worker binds (D1: ` +
    `\`npx wrangler d1 migrations apply\`): your instance takes it from ${WORKERS} (in ${file}), which exists ` +
    'only inside the Workers runtime, so `kit-auth migrate` cannot reach it'
  )
}
