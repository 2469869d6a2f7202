import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Command, CommanderError, Option } from 'commander'
import pc from 'picocolors'
import { isKitError } from './core/errors.js'
import type { GlobalOptions } from './core/options.js'

// The program: commander's commands, each loading its work lazily (only commander and picocolors
// load at start-up, so `kit-auth --help` stays fast), and the one place errors are rendered.
// cli.ts runs it as the binary; the fast tests run `main` in a worker thread (test/helpers/cli.ts).

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

// Each command declares its own flags; commander hands them over as parsed. A command may return
// its exit code (audit's 1 for findings).
type Action = (args: string[], options: never) => Promise<void | number>

/** The exit code the command that ran asked for. */
let commandExitCode = 0

function withGlobalOptions(command: Command): Command {
  return command
    .option('--cwd <dir>', 'the app to work on', process.cwd())
    .option('-y, --yes', 'accept the defaults, never prompt', false)
    .option('--dry-run', 'plan and report, write nothing, run no task', false)
    .option('--diff', 'show unified diffs with the report', false)
    .option('--json', 'print one JSON document on stdout instead of prose', false)
    .option('--no-install', 'do not install dependencies (and skip what needs them)')
    .option('--force', 'overwrite files that exist with other content', false)
    .addOption(
      new Option('--package-manager <name>', 'install with this package manager instead of the detected one').choices([
        'npm',
        'pnpm',
        'yarn',
        'bun',
      ]),
    )
    .option('--debug', 'print stack traces', false)
}

function register(program: Command, name: string, description: string, load: () => Promise<{ run: Action }>): Command {
  const command = withGlobalOptions(program.command(name).description(description))
  command.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command
    const raw = self.opts<GlobalOptions & Record<string, unknown>>()
    const options = { ...raw, cwd: path.resolve(raw.cwd) }
    const { run } = await load()
    commandExitCode = (await run(self.args, options as never)) ?? 0
  })
  return command
}

export function buildProgram(): Command {
  const program = new Command('kit-auth')
    .description('Add a complete Better Auth layer to a TanStack Start app, and keep its routes protected.')
    .version(packageJson.version, '-v, --version')
    .showHelpAfterError(pc.dim('(run kit-auth --help for usage)'))
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(pc.red(text)) })

  register(
    program,
    'init',
    'generate the auth layer: instance, session helpers, guards, start.ts, routes, env, database',
    () => import('./commands/init.js'),
  )
    .addOption(new Option('--db <kind>', 'database').choices(['sqlite', 'postgres', 'drizzle', 'prisma']))
    .option('--db-path <file>', 'SQLite database file (default ./data/auth.db)')
    .option('--sign-in-path <path>', 'sign-in route path (default /sign-in)')
    .option('--no-admin', 'skip the admin plugin and its guard')
    .option('--no-organization', 'skip the organization plugin and its helpers')
    .option('--no-api-tokens', 'skip API tokens (Authorization: Bearer sk_live_...)')
    .option('--no-email-verification', 'skip email verification (and email change) on sign-up')
    .option('--no-password-reset', 'skip password reset by email (/forgot-password, /reset-password)')
    .option('--no-email', 'skip every account email (verification and password reset)')
    .option('--require-email-verification', 'refuse sign-in until the email address is verified', false)
    .option('--no-layout', 'do not create the _authenticated layout route')
    .option('--redis', 'share sessions and rate limits between instances through Redis (REDIS_URL)', false)
    .option(
      '--upgrade-better-auth',
      "move the app's better-auth (and its companions and peers) to the release kit-auth pins, adapting " +
        "kit-auth's code",
      false,
    )

  register(
    program,
    'migrate',
    'regenerate the route tree and create or update the auth tables',
    () => import('./commands/migrate.js'),
  )

  register(
    program,
    'add-guard',
    'add a guard and its action middleware: admin, organization, role:<name>, permission:<resource>:<action>',
    () => import('./commands/add-guard.js'),
  ).argument('<kind>', 'admin | organization | role:<name>[,<name>...] | permission:<resource>:<action>')

  register(
    program,
    'add',
    'add a feature to an app init set up: email, email-verification, password-reset, oauth, oidc, magic-link ' +
      '(--list for all)',
    () => import('./commands/add.js'),
  )
    .argument('[feature]', 'email | email-verification | password-reset | oauth | oidc | magic-link')
    .argument('[providers...]', 'with oauth: github, google, apple, microsoft, discord, gitlab')
    .option('--id <id>', 'with oidc: the provider id, which names the callback path (default oidc)')
    .option('--name <label>', 'with oidc: the label of its sign-in button (default "Single sign-on")')
    .option('--list', 'list every feature and whether it is on in this app', false)
    .option(
      '--require-email-verification',
      'with email-verification: refuse sign-in until the address is verified',
      false,
    )

  register(program, 'protect', "attach a guard to routes' createFileRoute calls", () => import('./commands/protect.js'))
    .argument('<routes...>', 'URL paths (/dashboard) or route ids (/_app/inbox)')
    .option('--guard <name>', 'auth | admin | a guard created by add-guard', 'auth')

  register(
    program,
    'unprotect',
    'remove the guard protect attached (restoring your own beforeLoad)',
    () => import('./commands/unprotect.js'),
  ).argument('<routes...>', 'URL paths (/dashboard) or route ids (/_app/inbox)')

  register(program, 'routes', 'list every route as a tree, with its guard', () => import('./commands/routes.js'))

  register(
    program,
    'audit',
    'list the server functions, server routes and guard-escaping routes that nothing authorizes (exit 1 on findings)',
    () => import('./commands/audit.js'),
  )
    .option('--sarif', 'print SARIF 2.1.0 (for code-scanning uploads) instead of the table', false)
    .option('--threads <n>', "threads to share a big app's files between (default 1, at most 4)")

  register(
    program,
    'doctor',
    'check the auth setup (env, instance, start.ts, guards, database) and say what to fix (exit 1 on errors)',
    () => import('./commands/doctor.js'),
  )

  return program
}

/** Renders any error in one place: what, then what to do; exit 1 (2 for usage). */
function renderError(error: unknown, debug: boolean, json: boolean): number {
  if (isKitError(error)) {
    if (json) {
      const body = { ok: false, error: { message: error.message, hint: error.hint, ...error.details } }
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`)
    }
    process.stderr.write(`${pc.red('✖')} ${error.message}\n  ${pc.dim(error.hint)}\n`)
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`)
    return error.exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  if (json)
    process.stdout.write(
      `${JSON.stringify({ ok: false, error: { message, hint: 'This is a bug in kit-auth.' } }, null, 2)}\n`,
    )
  process.stderr.write(
    `${pc.red('✖')} Unexpected error: ${message}\n  ` +
      `${pc.dim('This is a bug in kit-auth: rerun with --debug and report the stack trace.')}\n`,
  )
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
  return 1
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  try {
    commandExitCode = 0
    await program.parseAsync(argv)
    return commandExitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version exit 0; a bad command, flag or argument is a usage error
      return error.exitCode === 0 ? 0 : 2
    }
    return renderError(error, argv.includes('--debug'), argv.includes('--json'))
  }
}
