/**
 * Running a real (installed) fixture app's own tools, and its production build, from a test:
 * `tsc`, `vite build`, then the built server started with srvx the way `npm start` would.
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import path from 'node:path'
import { requireHeavySet } from './test-sets.js'

/**
 * The environment of the app's own tools: vitest sets NODE_ENV=test, which would make `vite build`
 * emit dev JSX (and the built server answer 500), so NODE_ENV is dropped unless `extra` sets it.
 */
export function appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Without what vitest adds (`TEST`, `VITEST*`): an app started with them is "in a test" for
  // better-auth before 1.4, which then keys every rate limit on 127.0.0.1.
  const host = Object.entries(process.env).filter(([name]) => name !== 'TEST' && !name.startsWith('VITEST'))
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(host), CI: 'true', ...extra }
  if (!extra.NODE_ENV) delete env.NODE_ENV
  return env
}

/** Runs a command in the app (`npx tsc --noEmit`, `npx vite build`); throws with its output on failure. */
export function inApp(app: string, file: string, args: string[], env: Record<string, string> = {}): string {
  requireHeavySet(`\`${path.basename(file)} ${args.join(' ')}\` in an app`)
  try {
    return execFileSync(file, args, {
      cwd: app,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: appEnv(env),
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error })
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface AppServer {
  /** `http://localhost:<port>` */
  origin: string
  pid: number
  /** Everything the server wrote so far (stdout and stderr). */
  log(): string
  /** Kills the server by its pid and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts `dist/server/server.js` of a built app with srvx (`srvx --prod -s ../client`, in-process:
 * the pid is the server's) on a free port and waits until it answers. The env carries a fresh
 * BETTER_AUTH_SECRET, BETTER_AUTH_URL / BETTER_AUTH_TRUSTED_ORIGINS = the origin,
 * DATABASE_PATH=<app>/data/auth.db and NODE_ENV=production; `env` adds to or overrides it.
 */
export async function startBuiltApp(
  app: string,
  env: Record<string, string> = {},
  options: { entry?: string } = {},
): Promise<AppServer> {
  requireHeavySet('a built app server')
  const port = await freePort()
  const origin = `http://localhost:${port}`
  // `entry`: a server that listens on PORT by itself (Nitro's `.output/server/index.mjs`)
  const args = options.entry
    ? [options.entry]
    : [
        path.join(app, 'node_modules/.bin/srvx'),
        '--prod',
        '-p',
        String(port),
        '-s',
        '../client',
        'dist/server/server.js',
      ]
  const child = spawn(process.execPath, args, {
    cwd: app,
    env: appEnv({
      BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
      BETTER_AUTH_URL: origin,
      BETTER_AUTH_TRUSTED_ORIGINS: origin,
      DATABASE_PATH: path.join(app, 'data/auth.db'),
      PORT: String(port),
      ...env,
      NODE_ENV: env.NODE_ENV ?? 'production',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += String(chunk)))
  child.stderr?.on('data', (chunk) => (output += String(chunk)))
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  const pid = child.pid
  if (pid === undefined) throw new Error(`srvx did not start:\n${output}`)

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      return // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // exited meanwhile
      }
    }, 5_000)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the built app exited (${child.exitCode ?? child.signalCode}):\n${output}`)
    try {
      await fetch(origin, { redirect: 'manual' })
      break
    } catch {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`the built app did not start within 30 s:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return { origin, pid, log: () => output, stop }
}
