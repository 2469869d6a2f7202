import path from 'node:path'
import { topLevelBindings } from '../codemods/js/bindings.js'
import { exportedNames } from '../codemods/js/exports.js'
import { parse } from '../codemods/js/parse.js'
import { findStartOptions } from '../codemods/start/find-start-options.js'
import { listedCsrf } from '../codemods/start/listed-csrf.js'
import { appModulePath } from '../project/modules.js'
import { routeTable } from '../routes/discover.js'
import { GUARDS_MODULE, guardsFile } from '../routes/guards.js'
import { importSpecifier } from '../plans/paths.js'
import { fail, pass, type Check, type DoctorContext } from './check.js'

export function csrfCheck(context: DoctorContext): Check {
  const { project } = context
  if (!project.startFile)
    return pass('csrf', 'error', 'No start.ts: Start adds its own CSRF middleware for server functions.')
  const text = context.read(project.startFile) ?? ''
  const sourceFile = parse(text, project.startFile)
  const found = findStartOptions(sourceFile)
  const fix =
    `List csrfMiddleware (from lib/auth/request-middleware) in requestMiddleware of ${project.startFile}, ` +
    'or run `npx kit-auth init` again.'
  if (!('object' in found)) return fail('csrf', 'error', `${project.startFile}: ${found.problem}.`, fix)
  const from = importSpecifier(project, project.startFile, 'lib/auth/request-middleware')
  const listed = listedCsrf(sourceFile, found.object, { from, name: 'csrfMiddleware' })
  const full = listed.find((entry) => entry.weakened.length === 0)
  if (full) return pass('csrf', 'error', `${project.startFile} lists ${full.text} for server functions.`)
  if (listed.length > 0)
    return fail(
      'csrf',
      'error',
      `${project.startFile}'s CSRF middleware is weakened: ${listed[0]!.weakened.join('; ')}.`,
      fix,
    )
  return fail(
    'csrf',
    'error',
    `${project.startFile} lists no CSRF middleware: once start.ts exists, Start runs only its list, ` +
      'so cross-site POSTs reach server functions.',
    fix,
  )
}

export function guardImportsCheck(context: DoctorContext): Check {
  const { project } = context
  const guards = guardsFile(project)
  const guardsText = context.read(guards)
  const exported = new Set(guardsText === null ? [] : exportedNames(guardsText, guards))
  const target = path.posix.join(project.srcDirectory, GUARDS_MODULE)
  const missing: string[] = []
  for (const route of routeTable(project).routes) {
    for (const file of [route.file, route.lazyFile]) {
      const text = file ? context.read(file) : null
      if (!file || text === null || !text.includes('guards')) continue
      for (const [local, binding] of topLevelBindings(parse(text, file))) {
        if (binding.kind !== 'import' || binding.typeOnly || !binding.from) continue
        if (appModulePath(project.aliases, file, binding.from) !== target || exported.has(binding.imported)) continue
        missing.push(`${file} (${binding.imported === local ? local : `${binding.imported} as ${local}`})`)
      }
    }
  }
  if (missing.length > 0)
    return fail(
      'guard-imports',
      'error',
      `${guards} does not export what ${missing.join(', ')} import${missing.length === 1 ? 's' : ''}.`,
      'Recreate the guard with `npx kit-auth add-guard <kind>`, or change the import to a guard guards.ts exports.',
    )
  return pass('guard-imports', 'error', `Every guard the routes import is exported by ${guards}.`)
}
