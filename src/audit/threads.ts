import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ProjectInfo } from '../project/types.js'
import type { FileAudit, FileAuditor } from './audit.js'

/** What a worker thread is given: the app, the files, the shared counter and its own start flag. */
export interface WorkerInput {
  project: ProjectInfo
  files: string[]
  /** The next file index, for every thread. */
  next: Int32Array
  /**
   * Its state, settled once by compare-and-swap: WAITING until it is ready to audit; then AUDITING
   * (set by the worker before it takes a file) or CANCELLED (set by this thread when it ran out of
   * files first: the worker then takes none and can be stopped).
   */
  state: Int32Array
}

export const WAITING = 0
export const AUDITING = 1
export const CANCELLED = 2

/** What a worker thread sends: results as it goes (file index and audit), then the files it parsed. */
export type WorkerMessage = { kind: 'results'; results: [number, FileAudit][] } | { kind: 'done'; parsed: string[] }

/** How an audit shared its files: what each thread audited (this one first). */
export interface ThreadedAudit {
  results: FileAudit[]
  /** Files the workers parsed (this thread's are its auditor's). */
  parsed: string[]
  /** Files each thread audited: this one, then each worker that took any. */
  filesPerThread: number[]
}

/**
 * Below this many files a thread costs more than it saves: a worker needs ~150 ms to load Node's
 * modules and TypeScript before it audits its first file.
 */
const FILES_PER_THREAD = 250

// from dist/audit/ and from the bundle's dist/chunks/ alike (scripts/bundle-cli.mjs)
const WORKER = new URL('../audit/audit-worker.js', import.meta.url)

/**
 * Audits `files`, on this thread and on up to `threads - 1` worker threads that join as they start:
 * each thread takes the next file from a shared counter, so a thread that starts late or meets big
 * files simply audits fewer, and a worker still starting when the files run out is stopped. A file
 * whose worker fails before reporting it is audited here, so the results never depend on the workers.
 * Run from the sources (tests), there are no workers.
 *
 * @example await auditFiles(project, files, fileAuditor(project), os.availableParallelism())
 */
export async function auditFiles(
  project: ProjectInfo,
  files: readonly string[],
  auditor: FileAuditor,
  threads: number,
  worker: URL = WORKER,
): Promise<ThreadedAudit> {
  const results: (FileAudit | undefined)[] = []
  const next = new Int32Array(new SharedArrayBuffer(4))
  const wanted = Math.min(threads, Math.floor(files.length / FILES_PER_THREAD))
  const runnable = worker.protocol === 'file:' && existsSync(fileURLToPath(worker))
  const helpers =
    wanted > 1 && runnable
      ? Array.from({ length: wanted - 1 }, () => {
          const state = new Int32Array(new SharedArrayBuffer(4))
          return { state, run: startWorker(worker, { project, files: [...files], next, state }, results) }
        })
      : []
  let mine = 0
  try {
    for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
      results[index] = auditor.audit(files[index] ?? '')
      mine++
    }
  } finally {
    // a worker not auditing yet takes no file from now on: stop it rather than wait for it to load
    for (const helper of helpers)
      if (Atomics.compareExchange(helper.state, 0, WAITING, CANCELLED) === WAITING) helper.run.stop()
  }
  const done = await Promise.all(helpers.map((helper) => helper.run.done))
  // files a worker took and never reported (it failed): audited here
  let recovered = 0
  const complete = files.map((file, index) => {
    const result = results[index]
    if (result) return result
    recovered++
    return auditor.audit(file)
  })
  const counts = done.map((entry) => entry.audited).filter((count) => count > 0)
  return {
    results: complete,
    parsed: done.flatMap((entry) => entry.parsed),
    filesPerThread: [mine + recovered, ...counts],
  }
}

/** A worker auditing files from the shared counter: `done` settles with what it reported ([] when it failed). */
function startWorker(
  file: URL,
  input: WorkerInput,
  results: (FileAudit | undefined)[],
): { done: Promise<{ parsed: string[]; audited: number }>; stop: () => void } {
  let thread: Worker | null = null
  let audited = 0
  const done = new Promise<{ parsed: string[]; audited: number }>((resolve) => {
    let settled = false
    const settle = (parsed: string[]) => {
      if (settled) return
      settled = true
      resolve({ parsed, audited })
    }
    try {
      thread = new Worker(file, { workerData: input })
    } catch {
      settle([])
      return
    }
    thread.on('message', (message: WorkerMessage) => {
      if (message.kind === 'results') {
        for (const [index, result] of message.results) results[index] = result
        audited += message.results.length
      } else settle(message.parsed)
    })
    thread.on('error', () => settle([]))
    thread.on('exit', () => settle([]))
  })
  return { done, stop: () => void thread?.terminate() }
}
