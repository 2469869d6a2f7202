import { createTwoFilesPatch } from 'diff'
import pc from 'picocolors'
import type { Change, ChangeAction } from './change-set.js'

export interface ReportOptions {
  /** Include unified diffs of every created or updated file. */
  diff: boolean
}

const LABELS: Record<ChangeAction, string> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  conflict: 'conflict',
}

const COLORS: Record<ChangeAction, (text: string) => string> = {
  create: pc.green,
  update: pc.yellow,
  unchanged: pc.dim,
  conflict: pc.red,
}

/** Replaces every value in a dotenv text by `***` (for reports: secrets are never printed). */
export function redactEnv(text: string): string {
  return text.replace(/^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=).*$/gm, '$1***')
}

/** Unified diff of one change, `a/` and `b/` prefixed like git. */
export function diffOf(change: Change): string {
  const shown = (text: string) => (change.sensitive ? redactEnv(text) : text)
  return createTwoFilesPatch(
    change.before === null ? '/dev/null' : `a/${change.path}`,
    `b/${change.path}`,
    shown(change.before ?? ''),
    shown(change.after),
    undefined,
    undefined,
    { context: 3 },
  )
}

/** The plan as lines of prose: one line a file, then diffs when asked. */
export function renderChanges(changes: Change[], options: ReportOptions): string {
  if (changes.length === 0) return ''
  const width = Math.max(...changes.map((change) => LABELS[change.action].length))
  const lines = changes.map((change) => {
    const label = COLORS[change.action](LABELS[change.action].padEnd(width))
    const reason = change.reason ? pc.dim(` (${change.reason})`) : ''
    return `  ${label}  ${change.path}${reason}`
  })
  if (options.diff) {
    for (const change of changes) {
      if (change.action === 'unchanged') continue
      lines.push('', colorDiff(diffOf(change)))
    }
  }
  return lines.join('\n')
}

/** One line of counts: "3 created, 1 updated, 2 unchanged". After a `--force` commit conflicts were overwritten. */
export function summarizeChanges(changes: Change[], options: { forced?: boolean } = {}): string {
  const count = (action: ChangeAction) => changes.filter((change) => change.action === action).length
  const parts = [
    [count('create'), 'created'],
    [count('update'), 'updated'],
    [count('unchanged'), 'unchanged'],
    [count('conflict'), options.forced ? 'overwritten' : 'in conflict'],
  ] as const
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, word]) => `${n} ${word}`)
      .join(', ') || 'no files'
  )
}

/** The plan as plain data for `--json`. */
export function changesToJson(changes: Change[], options: ReportOptions): Array<Record<string, unknown>> {
  return changes.map((change) => ({
    path: change.path,
    action: change.action,
    ...(change.reason ? { reason: change.reason } : {}),
    ...(options.diff && change.action !== 'unchanged' ? { diff: diffOf(change) } : {}),
  }))
}

function colorDiff(patch: string): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return pc.bold(line)
      if (line.startsWith('+')) return pc.green(line)
      if (line.startsWith('-')) return pc.red(line)
      if (line.startsWith('@@')) return pc.cyan(line)
      return line
    })
    .join('\n')
}
