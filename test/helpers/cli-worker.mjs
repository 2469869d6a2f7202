// The CLI's `main` in a worker thread, run synchronously for the fast tests (cli.ts, runCli): one
// warm copy of the CLI per test file instead of a new Node process per run. Each run gets the
// environment and working directory the test gives it, and its stdout and stderr are collected;
// the thread's own process.env, process.cwd and streams are put back after.
//
// What the binary would show as a crash is a failed run here, and the thread is then given up
// (`dead`: the test's next run starts a fresh one): an error thrown or a rejection left unhandled
// during a run ends that run; one that comes after its run had answered, or output written then,
// fails the next run, so a test cannot pass where the binary would print or crash after `main`.
import { realpathSync } from 'node:fs'
import { workerData } from 'node:worker_threads'

const { flag, port, main: mainUrl } = workerData

/** The run in progress; each run answers once, the one in progress only. */
let current = null
/** What happened outside any run: told with the next run's answer. */
let between = ''

function answer(result) {
  port.postMessage(result)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
}

function finish(run, result) {
  if (!run || current !== run) return
  current = null
  answer(result)
}

const describe = (error) => (error instanceof Error ? error.stack : String(error))

for (const event of ['uncaughtException', 'unhandledRejection'])
  process.on(event, (error) => {
    const run = current
    if (!run) {
      between += `cli-worker: ${event} after a run had answered: ${describe(error)}\n`
      return
    }
    finish(run, {
      code: -1,
      dead: true,
      stdout: stdout.join(''),
      stderr: `${stderr.join('')}cli-worker: ${event}: ${describe(error)}\n`,
    })
    // the run's own code may still be going: nothing of it may reach the next run
    process.exit(1)
  })
// process.exit() from the CLI's code, or the thread running out of memory: the test must not wait
process.on('exit', (code) => {
  if (current)
    finish(current, { code: -1, dead: true, stdout: '', stderr: `cli-worker: the thread exited (${code})\n` })
})

let main
try {
  ;({ main } = await import(mainUrl))
} catch (error) {
  // dist/ not built, or a load error: every run says so at once instead of waiting
  const failure = `cli-worker: cannot load ${mainUrl} (run \`npm run build\`): ${describe(error)}\n`
  port.on('message', () => answer({ code: -1, dead: true, stdout: '', stderr: failure }))
}

// Captured for good: during a run a write is the run's output; outside one it fails the next run.
const stdout = []
const stderr = []
for (const [stream, into] of [
  [process.stdout, stdout],
  [process.stderr, stderr],
])
  stream.write = (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    if (current) into.push(text)
    else between += `cli-worker: written after its run had answered: ${text}`
    const done = typeof encoding === 'function' ? encoding : callback
    if (typeof done === 'function') queueMicrotask(done)
    return true
  }

if (main)
  port.on('message', async ({ argv, cwd, env }) => {
    const savedEnv = { ...process.env }
    const savedCwd = process.cwd
    stdout.length = 0
    stderr.length = 0
    // the run in progress, by identity: what ends it answers for it only
    const run = {}
    current = run
    let code
    try {
      for (const key of Object.keys(process.env)) delete process.env[key]
      Object.assign(process.env, env)
      // as getcwd() answers: symlinks resolved
      const real = realpathSync(cwd)
      process.cwd = () => real
      code = await main(argv)
      // output and errors of the turn right after main: still this run's
      await new Promise((resolve) => setImmediate(resolve))
    } catch (error) {
      stderr.push(`cli-worker: main threw: ${describe(error)}\n`)
      code = -1
    } finally {
      process.cwd = savedCwd
      for (const key of Object.keys(process.env)) delete process.env[key]
      Object.assign(process.env, savedEnv)
    }
    const earlier = between
    between = ''
    finish(run, {
      code: earlier ? -1 : code,
      stdout: stdout.join(''),
      stderr: `${earlier}${stderr.join('')}`,
    })
  })
