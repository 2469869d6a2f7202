import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { runCli, type CliResult } from '../helpers/cli.js'

/** A temp copy of fixtures/<name> (sources only, no install); returns the copy's root. */
export function copyFixture(name: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-init-${name}-`))
  cpSync(path.join(FIXTURES_DIR, name), root, { recursive: true })
  return root
}

/** Where the app lives inside a copy: apps/web for the pnpm workspace. */
export function appDirOf(name: string, root: string): string {
  return name === 'pnpm-monorepo' || name === 'workspace-auth-package' ? path.join(root, 'apps/web') : root
}

/** `kit-auth init <args>` run from inside `appDir`, without a TTY. */
export function init(appDir: string, args: string[] = [], env: Record<string, string> = {}): CliResult {
  return runCli(['init', ...args], { cwd: appDir, env })
}

/** The `changes` of a `--json` document. */
export interface JsonChange {
  path: string
  action: 'create' | 'update' | 'unchanged' | 'conflict'
  diff?: string
}

export interface InitDocument {
  ok: boolean
  dryRun: boolean
  changes: JsonChange[]
  nextSteps: string[]
  /** What init decided and why (absent when it refused). */
  notes?: string[]
  nothingToDo?: boolean
  error?: { message: string; hint: string }
}

export function parseDocument(stdout: string): InitDocument {
  return JSON.parse(stdout) as InitDocument
}

/** Files whose content differs between two snapshotTree results (added, removed or changed). */
export function changedFiles(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((key) => before[key] !== after[key] && (before[key] ?? after[key]) !== '<dir>').sort()
}

export function editJson(file: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>
  edit(json)
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`)
}

/** Any run of 64 hex characters: the shape of a BETTER_AUTH_SECRET. */
export const SECRET_SHAPE = /[0-9a-f]{64}/i

/** The paths every default `init --yes` creates, for a given srcDirectory and routesDirectory. */
export function expectedCreated(src: string, routes: string): string[] {
  return [
    ...[
      'auth',
      'api-token-policy',
      'api-tokens',
      'api-tokens.functions',
      'email',
      'lockout',
      'session',
      'session.functions',
      'account.functions',
      'guards',
      'action-middleware',
      'auth-client',
      'redirect',
      'request-middleware',
      'client-ip',
    ].map((name) => `${src}/lib/auth/${name}.ts`),
    ...['forgot-password-link', 'verify-email-notice', 'change-email-form'].map(
      (name) => `${src}/lib/auth/components/${name}.tsx`,
    ),
    `${routes}/api/auth/$.ts`,
    `${routes}/_authenticated/route.tsx`,
    `${routes}/_authenticated/account.tsx`,
    `${routes}/sign-in.tsx`,
    `${routes}/sign-up.tsx`,
    `${routes}/forgot-password.tsx`,
    `${routes}/reset-password.tsx`,
    `${routes}/verify-email.tsx`,
    '.env.local',
  ]
}
