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

port.on('message', async ({ argv, cwd, env }) => {
  const savedEnv = { ...process.env }
  const savedCwd = process.cwd
  const stdout = []
  const stderr = []
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
  port.postMessage({ code, stdout: stdout.join(''), stderr: stderr.join('') })
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
})
