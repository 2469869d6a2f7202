import path from 'node:path'
import type { ChangeSet } from '../core/change-set.js'
import {
  ENV_TYPES_MARKER,
  isDeclarationFile,
  isTypedFile,
  processEnvMembers,
  processEnvReads,
} from '../project/process-env.js'
import type { ProjectInfo } from '../project/types.js'

/** Where kit-auth declares the keys: beside the files that read them. */
export function envTypesFile(project: ProjectInfo): string {
  return path.posix.join(project.srcDirectory, 'lib/auth/env.d.ts')
}

/**
 * Under `noPropertyAccessFromIndexSignature`, `process.env.SMTP_URL` is TS4111 unless `NodeJS.ProcessEnv` declares
 * SMTP_URL. kit-auth keeps those reads (Start's Vite `define` replaces `process.env.TSS_SERVER_FN_BASE` as written,
 * and `process.env['X']` would fail ESLint's `dot-notation` elsewhere) and declares the keys instead: every
 * `process.env.X` the command's files read (from their syntax trees), with the keys an earlier run declared, less
 * the ones the app types itself (`appKeys`, from `appProcessEnvKeys`: declaring them again with another type would
 * be TS2717). Nothing without the flag.
 * Returns the keys declared.
 *
 * @example planEnvTypes(project, changes, await appProcessEnvKeys(project)) // ['EMAIL_FROM', 'RESEND_API_KEY', 'SMTP_URL'], in src/lib/auth/env.d.ts
 */
export function planEnvTypes(project: ProjectInfo, changes: ChangeSet, appKeys: readonly string[]): string[] {
  if (!project.processEnvTyping) return []
  const file = envTypesFile(project)
  const existing = changes.read(file)
  // a file of the app's own at that path is left alone
  if (existing !== null && !existing.startsWith(ENV_TYPES_MARKER)) return []
  const keys = new Set(existing === null ? [] : processEnvMembers(existing, file))
  for (const change of changes.changes()) {
    if (!isTypedFile(change.path) || isDeclarationFile(change.path)) continue
    for (const key of processEnvReads(change.after, change.path)) keys.add(key)
  }
  const declared = new Set(appKeys)
  const wanted = [...keys].filter((key) => !declared.has(key)).sort()
  if (wanted.length === 0) return []
  const text = envTypesText(wanted)
  if (existing === null) changes.create(file, text)
  else changes.update(file, text)
  return wanted
}

function envTypesText(keys: string[]): string {
  return [
    `${ENV_TYPES_MARKER}, typed for this app's \`noPropertyAccessFromIndexSignature\``,
    '// (without them `process.env.SMTP_URL` is TS4111). kit-auth rewrites this file:',
    "// type the app's own keys elsewhere.",
    'export {}',
    '',
    'declare global {',
    '  namespace NodeJS {',
    '    interface ProcessEnv {',
    ...keys.map((key) => `      ${key}?: string`),
    '    }',
    '  }',
    '}',
    '',
  ].join('\n')
}
