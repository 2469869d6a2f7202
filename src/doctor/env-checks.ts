import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { foldersUpTo, relPosix } from '../project/files.js'
import { devServerUrl } from '../project/dev-server.js'
import type { ProjectInfo } from '../project/types.js'
import { isIgnored } from '../plans/env.js'
import { fail, pass, type Check, type DoctorContext } from './check.js'
import { ENV_FILES, EXAMPLE_FILES, parseEnv } from './env.js'

export function secretCheck(context: DoctorContext): Check {
  const secret = context.env.BETTER_AUTH_SECRET
  const where = context.project.envFile
  const fix = `Set BETTER_AUTH_SECRET in ${where} to a fresh random value: \`openssl rand -hex 32\`.`
  if (secret === undefined || secret === '')
    return fail(
      'secret',
      'error',
      `BETTER_AUTH_SECRET is not set in ${where} (nor any env file, nor the process's environment).`,
      fix,
    )
  if (secret.length < 32)
    return fail(
      'secret',
      'error',
      `BETTER_AUTH_SECRET is ${secret.length} characters: Better Auth wants 32 or more.`,
      fix,
    )
  const example = EXAMPLE_FILES.find((file) => parseEnv(context.read(file) ?? '').BETTER_AUTH_SECRET === secret)
  if (example)
    return fail(
      'secret',
      'error',
      `BETTER_AUTH_SECRET is the same as in ${example}, which is committed: anyone can sign sessions.`,
      fix,
    )
  return pass('secret', 'error', `BETTER_AUTH_SECRET is set (${context.envSource.BETTER_AUTH_SECRET}).`)
}

export function baseUrlCheck(context: DoctorContext): Check {
  const value = context.env.BETTER_AUTH_URL
  const { devServer, envFile } = context.project
  const fix = `Set BETTER_AUTH_URL=${devServerUrl(devServer)} in ${envFile} (the dev server's URL: ${devServer.from}).`
  if (!value)
    return fail(
      'base-url',
      'error',
      `BETTER_AUTH_URL is not set: Better Auth rejects sign-up and sign-in from any other origin.`,
      fix,
    )
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail('base-url', 'error', `BETTER_AUTH_URL is not a URL: ${value}.`, fix)
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  const urlPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  // a guessed port (a custom dev server) is no ground for an error
  if (local && urlPort !== devServer.port && devServer.known)
    return fail(
      'base-url',
      'error',
      `BETTER_AUTH_URL is ${value}, but the dev server listens on port ${devServer.port} (${devServer.from}): ` +
        'sign-in from it fails with INVALID_ORIGIN.',
      fix,
    )
  return pass('base-url', 'error', `BETTER_AUTH_URL is ${value}.`)
}

export function trustedOriginsCheck(context: DoctorContext): Check {
  const listed = (context.env.BETTER_AUTH_TRUSTED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  const bad = listed.filter((origin) => {
    if (origin === '*') return true
    try {
      return new URL(origin).origin !== origin.replace(/\/$/, '')
    } catch {
      return true
    }
  })
  if (bad.length > 0)
    return fail(
      'trusted-origins',
      'warning',
      `BETTER_AUTH_TRUSTED_ORIGINS has entries that are not origins: ${bad.join(', ')}.`,
      'List origins only, comma-separated: scheme, host and port, no path and no `*` (`https://app.example.com`).',
    )
  return pass(
    'trusted-origins',
    'warning',
    listed.length > 0 ? `Trusted origins: ${listed.join(', ')}.` : 'No extra trusted origins: only BETTER_AUTH_URL.',
  )
}

export function envIgnoredCheck(context: DoctorContext): Check {
  const { project } = context
  // only a file that holds the secret leaks it: a committed `.env.development` of plain settings is common
  const files = [...new Set([project.envFile, ...ENV_FILES])].filter(
    (file) => file === context.envSource.BETTER_AUTH_SECRET || !!parseEnv(context.read(file) ?? '').BETTER_AUTH_SECRET,
  )
  // git reports a tracked file as not ignored even when .gitignore lists it: tracking is asked first
  const committed = files.filter((file) => gitTracks(project, file))
  if (committed.length > 0)
    return fail(
      'env-ignored',
      'error',
      `${committed.join(', ')} ${committed.length === 1 ? 'holds' : 'hold'} BETTER_AUTH_SECRET and ` +
        `${committed.length === 1 ? 'is' : 'are'} tracked by git: the secret is in the repository's history.`,
      `Run ${committed.map((file) => `\`git rm --cached ${file}\``).join(', ')}, keep ` +
        `${committed.length === 1 ? 'it' : 'them'} in .gitignore, and rotate the secret ` +
        '(a fresh `openssl rand -hex 32`): the committed one is public.',
    )
  const exposed = files.filter((file) => !gitIgnores(project, file))
  if (exposed.length > 0)
    return fail(
      'env-ignored',
      'error',
      `${exposed.join(', ')} ${exposed.length === 1 ? 'holds' : 'hold'} BETTER_AUTH_SECRET and ` +
        `${exposed.length === 1 ? 'is' : 'are'} not git-ignored: the secret would be committed.`,
      `Add ${exposed.map((file) => `\`${file}\``).join(', ')} to .gitignore.`,
    )
  if (files.length === 0) return pass('env-ignored', 'error', 'No env file holds BETTER_AUTH_SECRET.')
  return pass('env-ignored', 'error', `${files.join(', ')} (holding BETTER_AUTH_SECRET) git-ignored.`)
}

/** Whether git tracks an app file (false outside a repository). */
function gitTracks(project: ProjectInfo, file: string): boolean {
  const git = spawnSync('git', ['ls-files', '--error-unmatch', '--', file], { cwd: project.root, stdio: 'ignore' })
  return git.status === 0
}

/** Whether git ignores an app file: git itself when the app is in a repository, else the .gitignore files. */
function gitIgnores(project: ProjectInfo, file: string): boolean {
  const git = spawnSync('git', ['check-ignore', '-q', file], { cwd: project.root, stdio: 'ignore' })
  if (git.status === 0) return true
  if (git.status === 1) return false
  return foldersUpTo(project.root, project.workspaceRoot).some((folder) =>
    isIgnored(readOrNull(path.join(folder, '.gitignore')), relPosix(folder, path.join(project.root, file))),
  )
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/**
 * With kit-auth's Redis module (`kit-auth add redis`): REDIS_URL must be set, or every instance runs on
 * the database alone with rate limits counted per instance (what an outage does, silently for good).
 */
export function redisUrlCheck(context: DoctorContext): Check {
  const module = path.posix.join(context.project.srcDirectory, 'lib/auth/redis.ts')
  if (context.read(module) === null) return pass('redis-url', 'warning', 'Redis is not set up (kit-auth add redis).')
  const url = context.env.REDIS_URL
  if (url === undefined || url === '')
    return fail(
      'redis-url',
      'warning',
      `${module} is set up, but REDIS_URL is not set in ${context.project.envFile} (nor any env file, nor the ` +
        "process's environment): sessions are read from the database alone and rate limits count per instance.",
      `Set REDIS_URL (redis://host:6379, rediss:// for TLS) where the app runs.`,
    )
  if (!/^rediss?:\/\//.test(url))
    return fail(
      'redis-url',
      'warning',
      `REDIS_URL (${context.envSource.REDIS_URL}) is not a redis:// or rediss:// URL.`,
      'Set REDIS_URL to redis://host:6379 (rediss:// for TLS).',
    )
  return pass('redis-url', 'warning', `REDIS_URL is set (${context.envSource.REDIS_URL}).`)
}
