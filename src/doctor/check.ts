import type { ConvexAuth } from '../plans/convex.js'
import type { ProjectInfo } from '../project/types.js'

/** One thing `kit-auth doctor` checks: whether it is fine, and what to do when it is not. */
export interface Check {
  id: string
  severity: 'error' | 'warning'
  ok: boolean
  message: string
  /** What to do (empty when ok). */
  fix: string
}

/** What a pending-migration check found in the database (through the app runner), or why it could not look. */
export type DatabaseState =
  | { created: string[]; altered: string[]; tokensWithoutExpiry: number | null }
  | { skipped: string }
  | { error: string }
  /** The instance's SQLite file does not exist yet (it was not loaded: that would create it). */
  | { absent: string }

/** The files and values every check reads, read once. */
export interface DoctorContext {
  project: ProjectInfo
  /**
   * The app's env as `vite dev` sees it (`.env`, `.env.local`, `.env.development`...; later wins), with
   * the process's environment over them (CI and production set secrets there).
   */
  env: Record<string, string>
  /** The file each env key was read from, or `process.env`. */
  envSource: Record<string, string>
  read(file: string): string | null
  /** The Better Auth instance's file, relative to the root (the app's own when init adopted one). */
  instanceFile: string
  database: DatabaseState
  /** Set when Better Auth runs in Convex (the app's /api/auth/$ forwards there): its settings live there. */
  convex: ConvexAuth | null
}

export const pass = (id: string, severity: Check['severity'], message: string): Check => ({
  id,
  severity,
  ok: true,
  message,
  fix: '',
})
export const fail = (id: string, severity: Check['severity'], message: string, fix: string): Check => ({
  id,
  severity,
  ok: false,
  message,
  fix,
})
