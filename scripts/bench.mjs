#!/usr/bin/env node
// Speed goals live here, never in timed tests. Prints medians of N runs of each command,
// measured in the same run against bare Node so machine load cancels out.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const runs = Number(process.env.BENCH_RUNS ?? 15)
const cli = fileURLToPath(new URL('../bin/kit-auth.js', import.meta.url))

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function time(args) {
  const samples = []
  execFileSync(process.execPath, args, { stdio: 'ignore' }) // warm the file cache
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    execFileSync(process.execPath, args, { stdio: 'ignore' })
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return median(samples)
}

const results = []
const bare = time(['-e', '0'])
const help = time([cli, '--help'])
results.push({ name: 'node -e 0', medianMs: bare })
results.push({ name: 'kit-auth --help', medianMs: help, ratio: help / bare, goal: 'at most 150 ms and 2.5x bare node' })

for (const result of results) {
  const ratio = result.ratio ? `  (${result.ratio.toFixed(2)}x bare node)` : ''
  console.log(`${result.name.padEnd(20)} median ${result.medianMs.toFixed(1).padStart(7)} ms over ${runs} runs${ratio}`)
}
const ok = help <= 150 && help / bare <= 2.5
console.log(ok ? 'help start-up: within goal' : 'help start-up: OVER GOAL (150 ms, 2.5x bare node)')
if (process.argv.includes('--json')) console.log(JSON.stringify(results))
