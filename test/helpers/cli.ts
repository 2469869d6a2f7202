import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { cliPath, inFastSet } from './test-sets.js'

export const CLI = fileURLToPath(new URL('../../bin/kit-auth.js', import.meta.url))
export const REPO = fileURLToPath(new URL('../..', import.meta.url))

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the built CLI without a TTY, like CI does; in the fast set, it cannot install.
 *
 * The heavy set (and `spawn: true`) starts `bin/kit-auth.js` as its own process, as a user does. The
 * fast set runs the same `main` in a worker thread kept warm for the test file (cli-worker.mjs),
 * with the run's own environment, working directory and output: a fresh Node process per run was
 * nine tenths of the fast set's time (594 runs, 1,294 s of 1,428).
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeout?: number; spawn?: boolean } = {},
): CliResult {
  const cwd = options.cwd ?? REPO
  const env = { ...process.env, NO_COLOR: '1', ...options.env, PATH: cliPath(options.env?.PATH ?? process.env.PATH) }
  const timeout = options.timeout ?? 600_000
  if (inFastSet() && !options.spawn) return runInWorker(args, cwd, env, timeout)
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout,
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

const MAIN = new URL('../../dist/main.js', import.meta.url).href
let cliWorker: { worker: Worker; port: MessagePort; flag: Int32Array } | undefined

function runInWorker(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout: number): CliResult {
  if (!cliWorker) {
    const flag = new Int32Array(new SharedArrayBuffer(4))
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
      workerData: { flag, port: port2, main: MAIN },
      transferList: [port2],
      // picocolors decides once, when it loads
      env: { ...process.env, NO_COLOR: '1' },
      stdout: true,
      stderr: true,
    })
    worker.unref()
    cliWorker = { worker, port: port1, flag }
  }
  const { port, flag, worker } = cliWorker
  Atomics.store(flag, 0, 0)
  port.postMessage({ argv: [process.execPath, CLI, ...args], cwd, env })
  if (Atomics.wait(flag, 0, 0, timeout) === 'timed-out') {
    void worker.terminate()
    cliWorker = undefined
    return { code: -1, stdout: '', stderr: `kit-auth ${args.join(' ')}: no answer in ${timeout} ms` }
  }
  const received = receiveMessageOnPort(port)
  if (!received) throw new Error(`kit-auth ${args.join(' ')}: the CLI worker answered nothing`)
  const { dead, ...result } = received.message as CliResult & { dead?: boolean }
  // a run that crashed the thread: the next run starts a fresh one
  if (dead) {
    void worker.terminate()
    cliWorker = undefined
  }
  return result
}

export function ensureBuilt(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' })
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: REPO, stdio: 'inherit' })
}
