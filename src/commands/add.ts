import pc from 'picocolors'
import { applyPlan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput, type Output } from '../core/output.js'
import { parseProviderId, parseProviders } from '../plans/sign-in/providers.js'
import { featureStatus, parseFeature, planAdd, type FeatureStatus } from '../plans/add.js'
import { planEnvTypes } from '../plans/env-types.js'
import { appProcessEnvKeys } from '../project/process-env.js'
import { UsageError } from '../core/errors.js'
import { inspectProject } from '../project/inspect.js'

interface AddFlags extends GlobalOptions {
  list: boolean
  requireEmailVerification: boolean
  id?: string
  name?: string
}

/**
 * `kit-auth add <feature>`: one capability added to an app that went through init (or adopted
 * its own instance). The feature is checked before the app is read, so a bad one (exit 2) never
 * writes anything. `--list` shows every feature and whether it is on.
 */
export async function run(args: string[], flags: AddFlags): Promise<void> {
  const output = createOutput(flags)
  if (flags.list) {
    const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
    return printList(featureStatus(project, new ChangeSet(project.root, project.workspaceRoot)), output)
  }
  const feature = parseFeature(args[0])
  // oauth's providers are checked before the app is read too
  if (feature === 'oauth') parseProviders(args.slice(1))
  if (feature === 'oidc') parseProviderId(flags.id)
  if (feature !== 'oauth' && args.length > 1)
    throw new UsageError(
      `kit-auth add ${feature} takes no other arguments (got ${args.slice(1).join(' ')}).`,
      'Only `kit-auth add oauth <provider...>` names providers; `kit-auth add oidc` takes --id and --name.',
    )
  if (feature !== 'oidc' && (flags.id !== undefined || flags.name !== undefined))
    throw new UsageError(
      `--id and --name go with kit-auth add oidc, not ${feature}.`,
      'Built-in providers have fixed ids and labels: `kit-auth add oauth github`.',
    )
  if (feature !== 'email-verification' && flags.requireEmailVerification)
    throw new UsageError(
      `--require-email-verification goes with kit-auth add email-verification, not ${feature}.`,
      'Run `kit-auth add email-verification --require-email-verification` to refuse sign-in until the address ' +
        'is verified.',
    )
  const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
  const plan = await planAdd(project, feature, {
    install: flags.install,
    requireEmailVerification: flags.requireEmailVerification,
    providers: args.slice(1),
    id: flags.id,
    name: flags.name,
  })
  planEnvTypes(project, plan.changeSet, await appProcessEnvKeys(project))
  await applyPlan('add', { ...plan, formatter: project.formatter }, flags, output)
}

function printList(features: FeatureStatus[], output: Output): void {
  const width = Math.max(...features.map((feature) => feature.name.length))
  const state = (feature: FeatureStatus) => (!feature.available ? 'not available yet' : feature.on ? 'on' : 'off')
  const color = (text: string) => (text === 'on' ? pc.green(text) : text === 'off' ? text : pc.dim(text))
  output.info(
    features
      .map(
        (feature) =>
          `${feature.name.padEnd(width)}  ${color(state(feature))}${' '.repeat(19 - state(feature).length)}` +
          pc.dim(feature.summary),
      )
      .join('\n'),
  )
  output.document({ ok: true, command: 'add', features })
}
