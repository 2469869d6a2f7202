import { applyPlan } from '../core/apply.js'
import { UsageError } from '../core/errors.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { planUnprotect } from '../plans/unprotect.js'
import { inspectProject } from '../project/inspect.js'
import { reportOutcomes } from './protect.js'

export async function run(args: string[], flags: GlobalOptions): Promise<void> {
  if (args.length === 0)
    throw new UsageError('Which routes?', 'Pass URL paths or route ids: kit-auth unprotect /dashboard')
  const project = await inspectProject(flags.cwd, { auth: false, packageManager: flags.packageManager })
  const output = createOutput(flags)
  const plan = planUnprotect(project, { routes: args })
  reportOutcomes(plan.outcomes, output)
  await applyPlan('unprotect', plan, flags, output)
}
