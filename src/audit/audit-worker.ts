// A worker thread of `kit-auth audit` (see ./threads.ts): audits files from the shared counter until
// none is left, sending its results in small batches, then the files it parsed.
import { parentPort, workerData } from 'node:worker_threads'
import { fileAuditor, type FileAudit } from './audit.js'
import type { WorkerInput, WorkerMessage } from './threads.js'

const BATCH = 16

const { project, files, next } = workerData as WorkerInput
const auditor = fileAuditor(project)
const send = (message: WorkerMessage) => parentPort?.postMessage(message)
let batch: [number, FileAudit][] = []
for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
  batch.push([index, auditor.audit(files[index] ?? '')])
  if (batch.length === BATCH) {
    send({ kind: 'results', results: batch })
    batch = []
  }
}
send({ kind: 'results', results: batch })
send({ kind: 'done', parsed: auditor.parsed() })
