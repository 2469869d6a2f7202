import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cliPath } from './test-sets.js'

export const CLI = fileURLToPath(new URL('../../bin/kit-auth.js', import.meta.url))
export const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the built CLI (npm test builds first) without a TTY, like CI does; in the fast set, it cannot install. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {},
): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', ...options.env, PATH: cliPath(options.env?.PATH ?? process.env.PATH) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeout ?? 600_000,
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

export function ensureBuilt(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' })
}
