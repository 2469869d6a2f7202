import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { ChangeSet } from '../../core/change-set.js'
import { devServerUrl } from '../../project/dev-server.js'
import type { ProjectInfo } from '../../project/types.js'
import { addIgnores, envFileEntries, isIgnored, mergeEnv } from '../env.js'
import type { InitAnswers } from './checks.js'

/**
 * Fills a `BETTER_AUTH_SECRET=` line that is there but empty (what `create --add-ons better-auth`
 * writes: `BETTER_AUTH_SECRET= # Generate a secret key...`), keeping its comment. An app without a
 * secret would run on Better Auth's insecure default; any other value is left alone.
 */
function fillEmptySecret(text: string | null, secret: string): string | null {
  return (
    text?.replace(
      /^([ \t]*(?:export[ \t]+)?BETTER_AUTH_SECRET[ \t]*=)[ \t]*(?:""|'')?[ \t]*(#.*)?$/m,
      (_all, key: string, comment?: string) => `${key}${secret}${comment ? ` ${comment}` : ''}`,
    ) ?? null
  )
}

/** The secret, the URL and (for kit-auth's Postgres) DATABASE_URL in the app's env file; returns the entries. */
export function planEnv(project: ProjectInfo, changes: ChangeSet, postgres: boolean): Record<string, string> {
  const envEntries: Record<string, string> = {
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
    BETTER_AUTH_URL: devServerUrl(project.devServer),
    ...(postgres ? { DATABASE_URL: 'postgres://localhost:5432/app' } : {}),
  }
  const envText = fillEmptySecret(changes.read(project.envFile), envEntries.BETTER_AUTH_SECRET!)
  // BETTER_AUTH_URL or DATABASE_URL set in any env file `vite dev` loads stays: a line here would override it
  const setElsewhere = devEnvValues(project, changes)
  const missing = Object.fromEntries(
    Object.entries(envEntries).filter(([key]) => key === 'BETTER_AUTH_SECRET' || !setElsewhere.has(key)),
  )
  changes.update(
    project.envFile,
    mergeEnv(envText, missing, 'Better Auth (added by kit-auth): keep the secret out of git'),
    { sensitive: true },
  )
  return envEntries
}

/** The values the app's env files give `vite dev` (a later file over an earlier one); empty ones left out. */
export function devEnvValues(project: ProjectInfo, changes: ChangeSet): Map<string, string> {
  const values = new Map<string, string>()
  for (const { key, value } of envFileEntries(project, (file) => changes.read(file)))
    if (value !== '') values.set(key, value)
  return values
}

/** What .gitignore must keep out of git: the env file, the SQLite database, the development outbox. */
export function planIgnores(
  project: ProjectInfo,
  changes: ChangeSet,
  answers: InitAnswers,
  options: { sqlite: boolean; email: boolean },
): void {
  const gitignore = changes.read('.gitignore')
  const dbDir = options.sqlite ? path.posix.normalize(path.posix.dirname(answers.dbPath)) : null
  const toIgnore = [
    ...(isIgnored(gitignore, project.envFile) ? [] : [project.envFile]),
    ...(dbDir && dbDir !== '.' && !isIgnored(gitignore, dbDir) ? [`/${dbDir}/`] : []),
    ...(dbDir === '.' && !isIgnored(gitignore, answers.dbPath) ? [answers.dbPath.replace(/^\.\//, '/')] : []),
    // the development outbox of lib/auth/email.ts
    ...(options.email && !isIgnored(gitignore, '.kit-auth') ? ['/.kit-auth/'] : []),
  ]
  if (toIgnore.length > 0) changes.update('.gitignore', addIgnores(gitignore, toIgnore))
}
