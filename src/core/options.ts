export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun'

/** Flags every command honours (see `withGlobalOptions` in cli.ts). */
export interface GlobalOptions {
  /** Absolute path of the app to work on. */
  cwd: string
  yes: boolean
  dryRun: boolean
  diff: boolean
  json: boolean
  install: boolean
  force: boolean
  debug: boolean
  /** `--package-manager`: overrides the detected package manager. */
  packageManager?: PackageManagerName
}
