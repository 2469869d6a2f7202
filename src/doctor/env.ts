import { ENV_FILES, envFileEntries, parseEnv } from '../plans/env.js'
import type { ProjectInfo } from '../project/types.js'
import { type DoctorContext } from './check.js'

export { ENV_FILES, parseEnv }

/** Committed examples of the env file: a secret copied from one is public. */
export const EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.local.example']

/** Where `envSource` says a value came from the process's environment. */
export const PROCESS_ENV = 'process.env'

/**
 * Reads the env of an app: the values `vite dev` would load from its env files, then the process's
 * environment over them (as Vite does), and where each came from.
 */
export function readEnv(
  project: Pick<ProjectInfo, 'envFile'>,
  read: (file: string) => string | null,
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
): Pick<DoctorContext, 'env' | 'envSource'> {
  const env: Record<string, string> = {}
  const envSource: Record<string, string> = {}
  for (const { key, value, file } of envFileEntries(project, read)) {
    env[key] = value
    envSource[key] = file
  }
  for (const [key, value] of Object.entries(processEnv)) {
    if (value === undefined) continue
    env[key] = value
    envSource[key] = PROCESS_ENV
  }
  return { env, envSource }
}
