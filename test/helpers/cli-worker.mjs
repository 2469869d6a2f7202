// The CLI's `main` in a worker thread, run synchronously for the fast tests (cli.ts, runCli): one
// warm copy of the CLI per test file instead of a new Node process per run. Each run gets the
// environment and working directory the test gives it, and its stdout and stderr are collected;
// the thread's own process.env, process.cwd and streams are put back after.
import { workerData } from 'node:worker_threads'

const { flag, port, main: mainUrl } = workerData
const { main } = await import(mainUrl)

function collect(stream, into) {
  const write = stream.write
  stream.write = (chunk, encoding, callback) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
    const done = typeof encoding === 'function' ? encoding : callback
    if (typeof done === 'function') queueMicrotask(done)
    return true
  }
  return () => {
    stream.write = write
  }
}

/** The run in progress (its output so far); each run ends once, the one in progress only. */
let current = null

function finish(run, result) {
  if (!run || current !== run) return
  current = null
  port.postMessage(result)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
}

// What a command leaves behind (an error thrown from a stray callback, a rejection nobody awaits)
// would end the thread and leave the test waiting: it ends the run instead, as a crash would.
for (const event of ['uncaughtException', 'unhandledRejection'])
  process.on(event, (error) => {
    const run = current
    if (!run) return
    finish(run, {
      code: -1,
      stdout: run.stdout.join(''),
      stderr: `${run.stderr.join('')}cli-worker: ${event}: ${error instanceof Error ? error.stack : String(error)}\n`,
    })
  })

port.on('message', async ({ argv, cwd, env }) => {
  const savedEnv = { ...process.env }
  const savedCwd = process.cwd
  const stdout = []
  const stderr = []
  const run = { stdout, stderr }
  current = run
  const restoreOut = collect(process.stdout, stdout)
  const restoreErr = collect(process.stderr, stderr)
  let code
  try {
    for (const key of Object.keys(process.env)) delete process.env[key]
    Object.assign(process.env, env)
    process.cwd = () => cwd
    code = await main(argv)
  } catch (error) {
    stderr.push(`cli-worker: main threw: ${error instanceof Error ? error.stack : String(error)}\n`)
    code = -1
  } finally {
    restoreOut()
    restoreErr()
    process.cwd = savedCwd
    for (const key of Object.keys(process.env)) delete process.env[key]
    Object.assign(process.env, savedEnv)
  }
  finish(run, { code, stdout: stdout.join(''), stderr: stderr.join('') })
})
