/**
 * The one error type kit-auth throws on purpose: a one-line `message` (what is wrong) and a
 * one-line `hint` (what to do). Rendered in one place, `renderError` in cli.ts.
 *
 * @example throw new KitError('No package.json in /tmp/x', 'Run kit-auth inside your app, or pass --cwd <dir>.')
 */
export class KitError extends Error {
  readonly hint: string
  readonly exitCode: number
  /** Extra machine-readable detail for `--json` output (candidates, conflicts...). */
  readonly details?: Record<string, unknown>

  constructor(
    message: string,
    hint: string,
    options: { exitCode?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'KitError'
    this.hint = hint
    this.exitCode = options.exitCode ?? 1
    this.details = options.details
  }
}

/** A usage error (bad flag, bad argument): exit code 2. */
export class UsageError extends KitError {
  constructor(message: string, hint: string, details?: Record<string, unknown>) {
    super(message, hint, { exitCode: 2, details })
    this.name = 'UsageError'
  }
}

export function isKitError(error: unknown): error is KitError {
  return error instanceof KitError
}
