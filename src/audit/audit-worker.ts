// A worker thread of `kit-auth audit` (see ./threads.ts): audits files from the shared counter until
// none is left, sending its results in small batches, then the files it parsed.
import { parentPort, workerData } from 'node:worker_threads'
import { fileAuditor, type FileAudit } from './audit.js'
import { AUDITING, WAITING, type WorkerInput, type WorkerMessage } from './threads.js'

const BATCH = 16

const { project, files, next, state } = workerData as WorkerInput
const auditor = fileAuditor(project)
const send = (message: WorkerMessage) => parentPort?.postMessage(message)
// ready: audit, unless the main thread ran out of files first and cancelled this worker
const cancelled = Atomics.compareExchange(state, 0, WAITING, AUDITING) !== WAITING
let batch: [number, FileAudit][] = []
for (
  let index = cancelled ? files.length : Atomics.add(next, 0, 1);
  index < files.length;
  index = Atomics.add(next, 0, 1)
) {
  batch.push([index, auditor.audit(files[index] ?? '')])
  if (batch.length === BATCH) {
    send({ kind: 'results', results: batch })
    batch = []
  }
}
send({ kind: 'results', results: batch })
send({ kind: 'done', parsed: auditor.parsed() })
