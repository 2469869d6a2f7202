import { applyPlan } from '../core/apply.js'
import { ChangeSet } from '../core/change-set.js'
import { createOutput } from '../core/output.js'
import { canPrompt, createPrompter, type Prompter } from '../core/prompt.js'
import { findExistingAuth } from '../plans/adopt.js'
import { planEnvTypes } from '../plans/env-types.js'
import { appProcessEnvKeys } from '../project/process-env.js'
import { planInit } from '../plans/init.js'
import { assertSupported } from '../plans/init/checks.js'
import { assertLocalAuthServer } from '../plans/init/remote-client.js'
import { upgradeAvailable, upgradedProject } from '../plans/upgrade.js'
import { AUTH_DEPENDENCIES, betterAuthVersion } from '../plans/versions.js'
import { npmRegistry } from '../project/registry.js'
import { readDeclarations, resolveUpgrade, type UpgradeResolution } from '../project/upgrade.js'
import { inspectProject } from '../project/inspect.js'
import type { ProjectInfo } from '../project/types.js'
import { askInit, type InitFlags } from './init-questions.js'

/**
 * Whether to move the app to the better-auth release kit-auth pins: the flag says yes; otherwise an
 * interactive run asks (default no), and `--yes` alone never upgrades. Then the registry decides
 * what moves with it (an inspection step: nothing is planned yet).
 */
async function askUpgrade(
  flags: InitFlags,
  prompter: Prompter,
  project: ProjectInfo,
  changes: ChangeSet,
): Promise<UpgradeResolution | null> {
  if (!upgradeAvailable(project)) return null
  const from = betterAuthVersion(project)
  const upgrade =
    flags.upgradeBetterAuth ||
    (await prompter.confirm({
      message:
        `This app runs better-auth ${from}. Upgrade it to ${AUTH_DEPENDENCIES['better-auth']} (with the packages ` +
        `that must move with it)?`,
      flag: '--upgrade-better-auth',
      default: false,
    }))
  if (!upgrade) return null
  const declarations = readDeclarations(project, changes)
  // Installed but declared by no manifest kit-auth edits (another package brings it): nothing to move.
  if (!declarations.has('better-auth')) return null
  return resolveUpgrade(declarations, AUTH_DEPENDENCIES['better-auth'], from, npmRegistry(project.root))
}

export async function run(_args: string[], flags: InitFlags): Promise<void> {
  const project = await inspectProject(flags.cwd, { packageManager: flags.packageManager })
  // The app's files are read through the change set, from the questions to the plan.
  const changes = new ChangeSet(project.root, project.workspaceRoot)
  const prompter = createPrompter(canPrompt(flags))
  const upgrade = await askUpgrade(flags, prompter, project, changes)
  await assertSupported(upgrade ? upgradedProject(project, upgrade) : project)
  const existing = findExistingAuth(project, changes)
  // a client of Better Auth on another server: a local instance would not see its sessions
  assertLocalAuthServer(project, changes, existing)
  const { drizzle, prisma, host } = project
  const { answers, adoption } = await askInit(flags, prompter, existing, project, drizzle, prisma, host, changes)
  const plan = await planInit(project, answers, { install: flags.install, changes, upgrade }, adoption)
  const leftAlone = existing.foreignSignIn.filter((page) => page.file !== adoption.signIn)
  if (leftAlone.length > 0)
    plan.notes = [
      ...(plan.notes ?? []),
      `Left alone: ${leftAlone.map((page) => `${page.path} (${page.file})`).join(', ')}, which ` +
        `${leftAlone.length === 1 ? 'does' : 'do'} not sign in through Better Auth (no auth client or better-auth ` +
        `import); kit-auth's sign-in page is ${answers.signInPath}.` +
        (flags.signInPath ? '' : ' Pass --sign-in-path to choose another path.'),
    ]
  const unreusable = existing.unreusableSignIn
  if (unreusable && adoption.signIn !== unreusable.file)
    plan.notes = [
      ...(plan.notes ?? []),
      `Not reused: ${unreusable.path} (${unreusable.file}) signs in through Better Auth, but kit-auth cannot add ` +
        `the optional \`redirect\` the guards send to its \`validateSearch\`; kit-auth's sign-in page is ` +
        `${answers.signInPath}. To use yours, make its \`validateSearch\` accept an optional \`redirect\` string ` +
        `and pass --sign-in-path ${unreusable.path}.`,
    ]
  if (host && !adoption.instance?.hasDatabase) {
    const sqliteFile = answers.db === 'sqlite'
    plan.notes = [
      ...(plan.notes ?? []),
      sqliteFile
        ? `This app deploys to ${host.name} (${host.evidence}), where a SQLite file cannot keep your users: use ` +
          `it for local development only, and pass --db postgres for the deployed app.`
        : answers.db === 'postgres'
          ? `This app deploys to ${host.name} (${host.evidence}), where a SQLite file cannot keep your users: ` +
            `Better Auth uses Postgres (pg, DATABASE_URL) instead; set DATABASE_URL to a hosted Postgres (Neon, ` +
            `Supabase...).`
          : null,
    ].filter((note): note is string => Boolean(note))
  }
  // An ORM the app has but kit-auth could not use: say why Better Auth got its own database.
  const unused = [
    drizzle?.reason && `Drizzle (${drizzle.reason})`,
    prisma?.reason && `Prisma (${prisma.reason})`,
  ].filter(Boolean)
  if (unused.length > 0 && !adoption.instance && (answers.db === 'sqlite' || answers.db === 'postgres')) {
    plan.notes = [
      ...(plan.notes ?? []),
      `Not using your ${unused.join(' or ')}: Better Auth gets its own ` +
        `${answers.db === 'sqlite' ? 'SQLite file' : 'Postgres pool'}.`,
    ]
  }
  planEnvTypes(project, plan.changeSet, await appProcessEnvKeys(project))
  await applyPlan('init', { ...plan, formatter: project.formatter }, flags, createOutput(flags))
}
