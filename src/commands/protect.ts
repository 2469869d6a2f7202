import pc from 'picocolors'
import { applyPlan } from '../core/apply.js'
import { UsageError } from '../core/errors.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput, type Output } from '../core/output.js'
import { planProtect, type RouteOutcome } from '../plans/protect.js'
import { inspectProject } from '../project/inspect.js'

interface ProtectFlags extends GlobalOptions {
  guard: string
}

/** One line per route: what protect (or unprotect) does to it. */
export function reportOutcomes(outcomes: RouteOutcome[], output: Output): void {
  for (const outcome of outcomes) {
    const where = pc.dim(`(${outcome.file})`)
    const line = (() => {
      switch (outcome.status) {
        case 'added':
          return `${pc.green('+')} ${outcome.label}: beforeLoad: ${outcome.guard} ${where}`
        case 'composed':
          return `${pc.green('+')} ${outcome.label}: ${outcome.guard} runs before its own beforeLoad ${where}`
        case 'replaced':
          return `${pc.yellow('~')} ${outcome.label}: ${outcome.previous} replaced by ${outcome.guard} ${where}`
        case 'created':
          return `${pc.green('+')} ${outcome.label}: new route file with beforeLoad: ${outcome.guard} ${where}`
        case 'already':
          return `${pc.dim('=')} ${outcome.label}: already guarded by ${outcome.guard} ${where}`
        case 'covered':
          return `${pc.dim('=')} ${outcome.label}: already protected by ${outcome.reason}, no guard added ${where}`
        case 'removed':
          return `${pc.yellow('-')} ${outcome.label}: ${outcome.guard} removed ${where}`
        case 'restored':
          return `${pc.yellow('-')} ${outcome.label}: ${outcome.guard} removed, its own beforeLoad restored ${where}`
        case 'none':
          return `${pc.dim('=')} ${outcome.label}: no kit-auth guard to remove (${outcome.reason}) ${where}`
      }
    })()
    output.info(line)
    for (const note of outcome.notes) output.warn(note)
  }
  if (outcomes.length > 0) output.info('')
}

export async function run(args: string[], flags: ProtectFlags): Promise<void> {
  if (args.length === 0)
    throw new UsageError('Which routes?', 'Pass URL paths or route ids: kit-auth protect /dashboard /settings')
  const project = await inspectProject(flags.cwd, { auth: false, packageManager: flags.packageManager })
  const output = createOutput(flags)
  const plan = planProtect(project, { routes: args, guard: flags.guard ?? 'auth', force: flags.force })
  reportOutcomes(plan.outcomes, output)
  await applyPlan('protect', { ...plan, formatter: project.formatter }, flags, output)
}
