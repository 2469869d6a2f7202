import { applyPlan } from '../core/apply.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { planAddGuard } from '../plans/add-guard.js'
import { parseGuardKind } from '../routes/guard-kinds.js'
import { inspectProject } from '../project/inspect.js'

/**
 * `kit-auth add-guard <kind>`: a beforeLoad guard in guards.ts and the matching server-function
 * middleware in action-middleware.ts, patched into the files init generated. The kind is checked
 * before the app is even read, so a bad one (exit 2) never writes anything.
 */
export async function run(args: string[], flags: GlobalOptions): Promise<void> {
  const kind = parseGuardKind(args[0])
  const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
  const plan = await planAddGuard(project, kind, { install: flags.install })
  await applyPlan('add-guard', { ...plan, formatter: project.formatter }, flags, createOutput(flags))
}
