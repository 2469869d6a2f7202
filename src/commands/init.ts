import path from 'node:path'
import { applyPlan } from '../core/apply.js'
import { UsageError } from '../core/errors.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { canPrompt, createPrompter, type Prompter } from '../core/prompt.js'
import { assertSupported, planInit, type InitAnswers } from '../plans/init.js'
import { inspectProject } from '../project/inspect.js'

interface InitFlags extends GlobalOptions {
  db?: 'sqlite' | 'postgres'
  dbPath?: string
  signInPath?: string
  admin: boolean
  organization: boolean
  apiTokens: boolean
  layout: boolean
}

const PLUGINS = ['admin', 'organization', 'apiTokens'] as const

/** A route path kit-auth can turn into a file: `/sign-in`, `/auth/login`. */
function checkRoutePath(value: string): string {
  if (!/^(\/[a-z0-9][a-z0-9-]*)+$/.test(value)) {
    throw new UsageError(`"${value}" is not a usable sign-in path.`, 'Pass --sign-in-path with lower-case segments, e.g. /sign-in or /auth/login.')
  }
  return value
}

/** Every question, asked before anything is planned; flags answer them without a prompt. */
async function askInit(flags: InitFlags, prompter: Prompter): Promise<InitAnswers> {
  const db = flags.db ?? (await prompter.select({ message: 'Database for Better Auth', flag: '--db <sqlite|postgres>', default: 'sqlite' as const, choices: [
    { value: 'sqlite' as const, label: 'SQLite file (better-sqlite3)', hint: 'works at once' },
    { value: 'postgres' as const, label: 'PostgreSQL (pg, DATABASE_URL)' },
  ] }))
  const plugins = PLUGINS.every((name) => flags[name])
    ? await prompter.multiselect({ message: 'Plugins', flag: '--no-admin / --no-organization / --no-api-tokens', default: [...PLUGINS], choices: [
      { value: 'admin' as const, label: 'Admin (roles, bans, requireAdminAuth)' },
      { value: 'organization' as const, label: 'Organizations (active organization, organizationAction)' },
      { value: 'apiTokens' as const, label: 'API tokens (Authorization: Bearer sk_live_...)' },
    ] })
    : PLUGINS.filter((name) => flags[name])
  const signInPath = checkRoutePath(flags.signInPath ?? (await prompter.text({ message: 'Sign-in route path', flag: '--sign-in-path <path>', default: '/sign-in' })))
  const layout = flags.layout && (await prompter.confirm({ message: 'Create the _authenticated layout route (children require sign-in)?', flag: '--no-layout', default: true }))
  return {
    db,
    dbPath: flags.dbPath ?? './data/auth.db',
    signInPath,
    signUpPath: path.posix.join(path.posix.dirname(signInPath), 'sign-up'),
    admin: plugins.includes('admin'),
    organization: plugins.includes('organization'),
    apiTokens: plugins.includes('apiTokens'),
    layout,
  }
}

export async function run(_args: string[], flags: InitFlags): Promise<void> {
  const project = await inspectProject(flags.cwd)
  assertSupported(project)
  const answers = await askInit(flags, createPrompter(canPrompt(flags)))
  const plan = await planInit(project, answers, { install: flags.install })
  await applyPlan('init', plan, flags, createOutput(flags))
}
