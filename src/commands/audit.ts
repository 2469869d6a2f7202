import { readFileSync } from 'node:fs'
import pc from 'picocolors'
import { auditApp, type Finding } from '../audit/audit.js'
import { findingMessage, toSarif } from '../audit/sarif.js'
import { isKitError, KitError } from '../core/errors.js'
import type { GlobalOptions } from '../core/options.js'
import { createOutput } from '../core/output.js'
import { findAuthPackage } from '../project/auth-package.js'
import { inspectProject } from '../project/inspect.js'

interface AuditOptions extends GlobalOptions {
  sarif: boolean
  threads?: string
}

/** More threads than this gain little: reading files and loading TypeScript in each start to dominate. */
const MAX_THREADS = 4

/**
 * `kit-auth audit`: every server function, server route and guard-escaping route that nothing
 * authorizes. Exit 0 when there is none, 1 with findings, 2 for a usage or internal error (as linters do).
 */
export async function run(_args: string[], flags: AuditOptions): Promise<number> {
  try {
    return await audit(flags)
  } catch (error) {
    // a linter's 1 means "findings": every error here is a 2
    if (isKitError(error)) throw new KitError(error.message, error.hint, { exitCode: 2, details: error.details })
    const message = error instanceof Error ? error.message : String(error)
    throw new KitError(
      `The audit failed: ${message}`,
      'This is a bug in kit-auth: rerun with --debug and report the stack trace.',
      { exitCode: 2, cause: error },
    )
  }
}

async function audit(flags: AuditOptions): Promise<number> {
  const threads = threadCount(flags.threads)
  const inspected = await inspectProject(flags.cwd, { auth: false, packageManager: flags.packageManager })
  // an instance in a workspace package (`@repo/auth`): its handler route forwards to Better Auth too
  const { dependencies, devDependencies } = inspected.manifest
  const authPackage = await findAuthPackage(inspected, { ...devDependencies, ...dependencies })
  const project = authPackage ? { ...inspected, authPackage } : inspected
  const result = await auditApp(project, { threads })
  if (flags.debug) {
    const threads = result.filesPerThread.length
    process.stderr.write(
      `audit: ${result.filesListed} files listed, ${result.filesParsed} parsed, ${threads} thread` +
        `${threads === 1 ? '' : 's'} (${result.filesPerThread.join(' + ')} files)\n`,
    )
  }
  const { findings } = result
  if (flags.sarif) {
    const version = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version
    process.stdout.write(`${JSON.stringify(toSarif(findings, version, project.root), null, 2)}\n`)
  } else if (flags.json) {
    const shown = findings.map(({ file, line, kind, name, why, fix }) => ({
      file,
      line,
      kind,
      name,
      message: findingMessage({ why, fix }),
    }))
    process.stdout.write(`${JSON.stringify({ findings: shown }, null, 2)}\n`)
  } else {
    printTable(findings, result.entryPoints)
  }
  return findings.length > 0 ? 1 : 0
}

/**
 * `--threads`: a whole number from 1; by default 1. Measured on 2 cores, a worker thread costs the main
 * thread more than it saves (5,000 server functions: 1.1-1.25 s on one thread, 1.37-1.55 s on two, the
 * worker auditing 57 of 1,035 files): loading TypeScript again competes with the audit itself.
 */
function threadCount(value: string | undefined): number {
  if (value === undefined) return 1
  if (!/^[1-9]\d*$/.test(value))
    throw new KitError(`--threads must be a whole number from 1, not "${value}"`, 'For example: --threads 2')
  return Math.min(Number(value), MAX_THREADS)
}

/** Findings grouped by file: `file:line  kind  name`, then why and the fix. */
function printTable(findings: readonly Finding[], entryPoints: number): void {
  const output = createOutput({ json: false })
  const checked = pc.dim(`(${entryPoints} entry point${entryPoints === 1 ? '' : 's'} checked)`)
  if (findings.length === 0) {
    output.info(`${pc.green('✔')} Every entry point authorizes its caller or is marked @public ${checked}`)
    return
  }
  const files = [...new Set(findings.map((finding) => finding.file))]
  output.info(
    `${pc.red('✖')} ${findings.length} unprotected entry point${findings.length === 1 ? '' : 's'} ` +
      `in ${files.length} file${files.length === 1 ? '' : 's'} ${checked}`,
  )
  const kindWidth = Math.max(...findings.map((finding) => finding.kind.length))
  for (const file of files) {
    output.info(`\n${pc.bold(file)}`)
    const mine = findings.filter((finding) => finding.file === file)
    const whereWidth = Math.max(...mine.map((finding) => `${finding.file}:${finding.line}`.length))
    for (const finding of mine) {
      const where = `${finding.file}:${finding.line}`.padEnd(whereWidth)
      output.info(`  ${where}  ${pc.yellow(finding.kind.padEnd(kindWidth))}  ${pc.bold(finding.name)}`)
      output.info(`    ${pc.dim('why:')} ${finding.why}`)
      output.info(`    ${pc.dim('fix:')} ${finding.fix}`)
    }
  }
}
