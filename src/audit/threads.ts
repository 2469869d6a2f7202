import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ProjectInfo } from '../project/types.js'
import type { FileAudit, FileAuditor } from './audit.js'

/** What a worker thread is given: the app, the files, and the counter every thread takes its next file from. */
export interface WorkerInput {
  project: ProjectInfo
  files: string[]
  next: Int32Array
}

/** What a worker thread sends: results as it goes (file index and audit), then the files it parsed. */
export type WorkerMessage = { kind: 'results'; results: [number, FileAudit][] } | { kind: 'done'; parsed: string[] }

/**
 * Below this many files a thread costs more than it saves: a worker needs ~150 ms to load Node's
 * modules and TypeScript before it audits its first file.
 */
const FILES_PER_THREAD = 250

const WORKER = new URL('./audit-worker.js', import.meta.url)

/**
 * Audits `files`, on this thread and on up to `threads - 1` worker threads that join as they start:
 * each thread takes the next file from a shared counter, so a thread that starts late or meets big
 * files simply audits fewer. A file whose worker fails before reporting it is audited here, so the
 * results never depend on the workers. Run from the sources (tests), there are no workers.
 *
 * @example await auditFiles(project, files, fileAuditor(project), os.availableParallelism())
 */
export async function auditFiles(
  project: ProjectInfo,
  files: readonly string[],
  auditor: FileAuditor,
  threads: number,
  worker: URL = WORKER,
): Promise<{ results: FileAudit[]; parsed: string[]; threads: number }> {
  const results: (FileAudit | undefined)[] = []
  const next = new Int32Array(new SharedArrayBuffer(4))
  const wanted = Math.min(threads, Math.floor(files.length / FILES_PER_THREAD))
  const runnable = worker.protocol === 'file:' && existsSync(fileURLToPath(worker))
  const helpers =
    wanted > 1 && runnable
      ? Array.from({ length: wanted - 1 }, () => startWorker(worker, { project, files: [...files], next }, results))
      : []
  for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1))
    results[index] = auditor.audit(files[index] ?? '')
  const parsed = (await Promise.all(helpers)).flat()
  // files a worker took and never reported (it failed): audited here
  const complete = files.map((file, index) => results[index] ?? auditor.audit(file))
  return { results: complete, parsed, threads: helpers.length + 1 }
}

/** A worker auditing files from the shared counter; resolves with the files it parsed ([] when it failed). */
function startWorker(file: URL, input: WorkerInput, results: (FileAudit | undefined)[]): Promise<string[]> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (parsed: string[]) => {
      if (settled) return
      settled = true
      resolve(parsed)
    }
    let thread: Worker
    try {
      thread = new Worker(file, { workerData: input })
    } catch {
      settle([])
      return
    }
    thread.on('message', (message: WorkerMessage) => {
      if (message.kind === 'results') for (const [index, result] of message.results) results[index] = result
      else settle(message.parsed)
    })
    thread.on('error', () => settle([]))
    thread.on('exit', () => settle([]))
  })
}
