#!/usr/bin/env node
// Speed goals live here, never in timed tests. Prints medians of N runs of each command,
// measured in the same run against bare Node so machine load cancels out.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const runs = Number(process.env.BENCH_RUNS ?? 15)
const cli = fileURLToPath(new URL('../bin/kit-auth.js', import.meta.url))

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function time(args, count = runs) {
  const samples = []
  execFileSync(process.execPath, args, { stdio: 'ignore' }) // warm the file cache
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint()
    execFileSync(process.execPath, args, { stdio: 'ignore' })
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return median(samples)
}

// ---- protect on generated apps -------------------------------------------------------------

const fixture = fileURLToPath(new URL('../fixtures/default-npm', import.meta.url))
const GUARDS = `export async function requireAuth({ location }: { location: { href: string } }) {
  return { session: location.href }
}

export async function redirectIfAuthenticated() {}
`

/** A route file as apps write them: imports, the route call, a component. */
function routeSource(id, variant) {
  const body = [
    '  component: Page,',
    '  loader: async () => ({ items: [] as string[] }),\n  component: Page,',
    '  validateSearch: (search: Record<string, unknown>) => search,\n  component: Page,',
    "  beforeLoad: ({ context }) => ({ section: 'x', context }),\n  component: Page,",
  ][variant % 4]
  return `import { createFileRoute } from '@tanstack/react-router'
import { useState } from 'react'

export const Route = createFileRoute('${id}')({
${body}
})

function Page() {
  const [count, setCount] = useState(0)
  return (
    <main>
      <h1>${id}</h1>
      <button onClick={() => setCount(count + 1)}>{count}</button>
    </main>
  )
}
`
}

/** Route files (path under src/routes -> route id) in the shapes real apps mix. */
function routeFiles(count) {
  const files = { 'dashboard/settings.tsx': '/dashboard/settings' }
  const shapes = [
    (i) => [`section${i}.page.tsx`, `/section${i}/page`],
    (i) => [`area${i}/route.tsx`, `/area${i}`],
    (i) => [`area${i}/index.tsx`, `/area${i}/`],
    (i) => [`teams${i}/$teamId.tsx`, `/teams${i}/$teamId`],
    (i) => [`_layout${i}/inbox.tsx`, `/_layout${i}/inbox`],
    (i) => [`(group${i})/pricing${i}.tsx`, `/(group${i})/pricing${i}`],
    (i) => [`posts${i}_.$postId.edit.tsx`, `/posts${i}_/$postId/edit`],
    (i) => [`docs${i}.{$slug}.tsx`, `/docs${i}/{$slug}`],
    (i) => [`files${i}/$.tsx`, `/files${i}/$`],
    (i) => [`reports${i}.lazy.tsx`, null],
  ]
  for (let i = 0; Object.keys(files).length < count; i++) {
    const [file, id] = shapes[i % shapes.length](Math.floor(i / shapes.length))
    files[file] = id
  }
  return files
}

function generateApp(count) {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-bench-${count}-`))
  cpSync(fixture, root, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) })
  mkdirSync(path.join(root, 'src/lib/auth'), { recursive: true })
  writeFileSync(path.join(root, 'src/lib/auth/guards.ts'), GUARDS)
  let variant = 0
  for (const [file, id] of Object.entries(routeFiles(count))) {
    const full = path.join(root, 'src/routes', file)
    mkdirSync(path.dirname(full), { recursive: true })
    const lazyId = file.replace(/\.lazy\.tsx$/, '').replace(/\./g, '/')
    writeFileSync(
      full,
      id === null
        ? `import { createLazyFileRoute } from '@tanstack/react-router'\n\nexport const Route = createLazyFileRoute('/${lazyId}')({ component: () => null })\n`
        : routeSource(id, variant++),
    )
  }
  return root
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

// protect: one route of a generated app with 10, 1,000 and 5,000 route files (--dry-run plans
// everything a real run does and writes nothing, so every run sees the same app)
const protectRuns = Number(process.env.BENCH_PROTECT_RUNS ?? runs)
const sizes = [10, 1000, 5000]
const protectResults = []
const apps = []
try {
  for (const count of sizes) apps.push(generateApp(count))
  // interleaved (bare node, then each app, round after round) so that load changes during the
  // run hit every size alike
  const commands = [
    ['-e', '0'],
    ...apps.map((app) => [cli, 'protect', '/dashboard/settings', '--yes', '--dry-run', '--cwd', app]),
  ]
  const samples = commands.map(() => [])
  for (const args of commands) execFileSync(process.execPath, args, { stdio: 'ignore' }) // warm the file cache
  for (let i = 0; i < protectRuns; i++) {
    commands.forEach((args, index) => {
      const start = process.hrtime.bigint()
      execFileSync(process.execPath, args, { stdio: 'ignore' })
      samples[index].push(Number(process.hrtime.bigint() - start) / 1e6)
    })
  }
  const bareNow = median(samples[0])
  sizes.forEach((count, index) =>
    protectResults.push({
      name: `protect, ${count} routes`,
      routes: count,
      medianMs: median(samples[index + 1]),
      bareMs: bareNow,
    }),
  )
} finally {
  for (const app of apps) rmSync(app, { recursive: true, force: true })
}
const base = protectResults[0].medianMs
for (const result of protectResults) {
  result.ratio = result.medianMs / base
  // x bare node: a loaded machine inflates every figure alike, so compare these across machines
  console.log(
    `${result.name.padEnd(24)} median ${result.medianMs.toFixed(1).padStart(7)} ms over ${protectRuns} runs  (${result.ratio.toFixed(2)}x the 10-route app, ${(result.medianMs / result.bareMs).toFixed(1)}x bare node at ${result.bareMs.toFixed(0)} ms)`,
  )
}
const largest = protectResults.at(-1)
const protectOk = largest.medianMs <= 400 && largest.ratio <= 1.5
console.log(
  protectOk ? 'protect: within goal' : 'protect: OVER GOAL (400 ms and 1.5x the 10-route app at 5,000 routes)',
)
results.push(
  ...protectResults.map((result) => ({
    ...result,
    goal: result.routes === 5000 ? 'at most 400 ms and 1.5x the 10-route app' : undefined,
  })),
)
if (process.argv.includes('--json')) console.log(JSON.stringify(results))
