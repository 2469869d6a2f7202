import path from 'node:path'
import pc from 'picocolors'
import { readOrNull } from '../core/change-set.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { inspectProject } from '../project/inspect.js'
import { routeTable } from '../routes/discover.js'
import { guardsFile, scanGuardNames } from '../routes/guards.js'
import { describeProtection } from '../routes/protection.js'
import { reportRoutes, treeOrder, type RouteReport } from '../routes/report.js'

function label(report: RouteReport): string {
  const indent = '  '.repeat(report.depth)
  if (report.kind === 'pathless') return `${indent}${report.id} ${pc.dim('(layout)')}`
  return `${indent}${report.path}${report.id !== report.path ? pc.dim(`  ${report.id}`) : ''}`
}

function guardColumn(report: RouteReport): string {
  if (report.guard) return pc.green(report.guard)
  if (report.inherited) return `${pc.green(report.inherited.guard)} ${pc.dim(`(from ${report.inherited.from})`)}`
  // the app's own protection: protected, though not by kit-auth
  if (report.protection) return pc.cyan(describeProtection(report.protection, report.id))
  if (report.escapes) return pc.red(`none: escapes ${report.escapes.guard} of ${report.escapes.from}`)
  if (report.serverOnly) return pc.dim('server only')
  if (report.customBeforeLoad) return pc.yellow('own beforeLoad (no auth check seen)')
  return pc.dim('none')
}

/** `kit-auth routes`: every route as a tree, with its guard. */
export async function run(_args: string[], flags: GlobalOptions): Promise<void> {
  const project = await inspectProject(flags.cwd, { auth: false, packageManager: flags.packageManager })
  const output = createOutput(flags)
  const table = routeTable(project)
  const guardsText = readOrNull(path.join(project.root, guardsFile(project)))
  const reports = treeOrder(
    reportRoutes(
      table,
      (file) => readOrNull(path.join(project.root, file)),
      guardsText === null ? null : scanGuardNames(guardsText),
    ),
  )

  output.document({
    ok: true,
    command: 'routes',
    cwd: project.root,
    routesDirectory: project.routesDirectory,
    rootFile: table.rootFile,
    guardsFile: guardsText === null ? null : guardsFile(project),
    routes: reports,
  })
  if (output.json) return

  const prefix = `${project.routesDirectory}/`
  const rows = reports.map((report) => {
    const files = [report.file, report.lazyFile]
      .filter((file): file is string => file !== null)
      .map((file) => (file.startsWith(prefix) ? file.slice(prefix.length) : file))
    return {
      label: label(report),
      guard: guardColumn(report),
      file: pc.dim(report.conflict ? `${report.conflict.join(' + ')} (conflict)` : files.join(' + ')),
    }
  })
  // pad by visible width (colors add escape codes)
  const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length
  const labelWidth = Math.min(48, Math.max(0, ...rows.map((row) => visible(row.label))))
  const guardWidth = Math.min(40, Math.max(0, ...rows.map((row) => visible(row.guard))))
  const pad = (text: string, width: number) => text + ' '.repeat(Math.max(1, width - visible(text) + 2))
  output.info(
    `${pc.bold(`${reports.length} routes`)} in ` +
      `${project.routesDirectory}${guardsText === null ? pc.dim(' (no guards yet: run kit-auth init)') : ''}\n`,
  )
  for (const row of rows) output.info(`${pad(row.label, labelWidth)}${pad(row.guard, guardWidth)}${row.file}`)

  const escaping = reports.filter((report) => report.escapes)
  if (escaping.length > 0) {
    output.info('')
    output.warn(
      `${escaping.length} route${escaping.length === 1 ? '' : 's'} leave${escaping.length === 1 ? 's' : ''} a ` +
        `guarded parent through \`_\` un-nesting and ${escaping.length === 1 ? 'has' : 'have'} no guard: kit-auth ` +
        `protect ${escaping.map((report) => report.path).join(' ')}`,
    )
  }
}
