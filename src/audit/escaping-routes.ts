import ts from '../../lib/typescript.js'
import { importedNames } from '../codemods/js/bindings.js'
import { calleeName } from '../codemods/js/calls.js'
import type { ProjectInfo } from '../project/types.js'
import { routeTable, type RouteEntry } from '../routes/discover.js'
import { guardsFile, scanGuardNames } from '../routes/guards.js'
import { describeProtection } from '../routes/protection.js'
import { reportRoutes, type RouteReport } from '../routes/report.js'
import type { Finding } from './audit.js'
import { declarationOf, isPublic, lineOf } from './declarations.js'
import type { AppModules, Module } from './modules.js'

/** Routes that un-nest out of a guarded parent with no guard of their own (see `kit-auth routes`). */
export function escapingRoutes(project: ProjectInfo, modules: AppModules): Finding[] {
  const table = routeTable(project)
  const guardsText = modules.load(guardsFile(project))?.sourceFile.text ?? null
  const reports = reportRoutes(
    table,
    (file) => modules.load(file)?.sourceFile.text ?? null,
    guardsText === null ? null : scanGuardNames(guardsText),
  )
  const byId = new Map(reports.map((report) => [report.id, report]))
  const findings: Finding[] = []
  for (const report of reports) {
    // a route with only its `.lazy.tsx` half is found there (`createLazyFileRoute(`)
    const file = report.file ?? report.lazyFile
    if (report.serverOnly || !file) continue
    const escapes = report.escapes ?? escapesOwnProtection(report, table.byId.get(report.id), byId)
    if (!escapes) continue
    const module = modules.load(file)
    if (!module) continue
    const call = routeCall(module)
    if (call && isPublic(module, declarationOf(call.outer).anchor)) continue
    findings.push({
      file,
      line: call ? lineOf(module, call.constructor) : 1,
      kind: 'route',
      name: report.path,
      why:
        `${report.path} leaves ${escapes.from} (guarded by ${escapes.guard}) ` +
        'through `_` un-nesting, and has no guard of its own',
      fix: `run \`kit-auth protect ${report.path}\`, or mark the route /** @public */ if anyone may see it`,
    })
  }
  return findings
}

/**
 * A route that un-nests out of a parent the app protects by its own means (`kit-auth routes` flags
 * only parents with kit-auth's guards): its own beforeLoad or loader redirect does not cover the route.
 */
function escapesOwnProtection(
  report: RouteReport,
  route: RouteEntry | undefined,
  byId: ReadonlyMap<string, RouteReport>,
): { from: string; guard: string } | null {
  if (report.guard || report.inherited || report.protection || !route) return null
  for (const parent of route.unnestedFrom) {
    const protection = byId.get(parent)?.protection
    if (protection) return { from: parent, guard: describeProtection(protection, parent) }
  }
  return null
}

/** The `createFileRoute('/x')(...)` call of a route module: the outer call and the `createFileRoute` identifier. */
function routeCall(module: Module): { outer: ts.CallExpression; constructor: ts.Expression } | null {
  let found: { outer: ts.CallExpression; constructor: ts.Expression } | null = null
  const imports = importedNames(module.sourceFile)
  const visit = (node: ts.Node): void => {
    if (found) return
    if (ts.isCallExpression(node) && ts.isCallExpression(node.expression)) {
      const imported = calleeName(node.expression, imports)
      if (imported === 'createFileRoute' || imported === 'createLazyFileRoute')
        found = { outer: node, constructor: node.expression.expression }
    }
    ts.forEachChild(node, visit)
  }
  visit(module.sourceFile)
  return found
}
