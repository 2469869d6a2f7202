#!/usr/bin/env node
// Speed goals live here, never in timed tests. Prints medians of N runs of each command,
// measured in the same run against bare Node so machine load cancels out.
import { execFileSync, spawnSync } from 'node:child_process'
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

// ---- audit on generated apps ----------------------------------------------------------------

/** Ten server functions in the shapes apps mix: builders, middleware, checks in the handler, none, public. */
function serverFunctionsSource(index) {
  const fns = [
    (n) => `export const list${n} = authAction({ method: 'GET' }).handler(({ context }) => [context.user.id, ${n}])`,
    (n) =>
      [
        `export const create${n} = createServerFn({ method: 'POST' })`,
        '  .middleware([authMiddleware])',
        '  .validator((input: { title: string }) => input)',
        '  .handler(({ data }) => data.title)',
      ].join('\n'),
    (n) =>
      [
        `export const read${n} = createServerFn({ method: 'GET' }).handler(async () => {`,
        '  const session = await requireSession()',
        '  return session.user.id',
        '})',
      ].join('\n'),
    (n) =>
      [
        `export const check${n} = createServerFn({ method: 'GET' }).handler(async () => {`,
        '  const session = await getSession()',
        "  if (!session) throw new Error('Unauthorized')",
        `  return ${n}`,
        '})',
      ].join('\n'),
    (n) => `export const open${n} = createServerFn({ method: 'GET' }).handler(() => ${n})`,
    (n) => `/** @public */\nexport const pricing${n} = createServerFn({ method: 'GET' }).handler(() => ${n})`,
    (n) => `export const org${n} = organizationAction().handler(({ context }) => context.organizationId)`,
    (n) => `export const admin${n} = adminAction().handler(() => ${n})`,
    (n) =>
      [
        `export const unchecked${n} = createServerFn({ method: 'GET' }).handler(async () => {`,
        '  const session = await getSession()',
        `  return session?.user.id ?? ${n}`,
        '})',
      ].join('\n'),
    (n) => `export const viaBuilder${n} = protectedFn.handler(() => ${n})`,
  ]
  return [
    "import { createServerFn } from '@tanstack/react-start'",
    "import { adminAction, authAction, authMiddleware, organizationAction } from '#/lib/auth/action-middleware'",
    "import { getSession, requireSession } from '#/lib/auth/session'",
    "import { protectedFn } from '#/server/builders'",
    '',
    ...fns.map((fn, at) => `${fn(index * 10 + at)}\n`),
  ].join('\n')
}

/** A copy of the initialized template app with `count` server functions (ten a file) and a component a file. */
function generateAuditApp(template, count) {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-bench-audit-${count}-`))
  cpSync(template, root, { recursive: true })
  mkdirSync(path.join(root, 'src/server'), { recursive: true })
  mkdirSync(path.join(root, 'src/components/generated'), { recursive: true })
  writeFileSync(
    path.join(root, 'src/server/builders.ts'),
    [
      "import { createServerFn } from '@tanstack/react-start'",
      "import { authMiddleware } from '#/lib/auth/action-middleware'",
      '',
      'export const protectedFn = createServerFn().middleware([authMiddleware])',
      '',
    ].join('\n'),
  )
  for (let i = 0; i < count / 10; i++) {
    writeFileSync(path.join(root, `src/server/functions${i}.ts`), serverFunctionsSource(i))
    writeFileSync(
      path.join(root, `src/components/generated/Card${i}.tsx`),
      `export function Card${i}({ title }: { title: string }) {\n  return <div className="card">{title}</div>\n}\n`,
    )
  }
  return root
}

const auditRuns = Number(process.env.BENCH_AUDIT_RUNS ?? Math.min(runs, 7))
const auditSizes = [1000, 5000]
const auditResults = []
const template = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-bench-audit-template-'))
const auditApps = []
try {
  cpSync(fixture, template, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) })
  execFileSync(process.execPath, [cli, 'init', '--yes', '--no-install', '--cwd', template], { stdio: 'ignore' })
  for (const count of auditSizes) auditApps.push(generateAuditApp(template, count))
  const commands = [['-e', '0'], ...auditApps.map((app) => [cli, 'audit', '--json', '--cwd', app])]
  const samples = commands.map(() => [])
  const findings = auditApps.map(() => 0)
  commands.forEach((args, index) => {
    // warm the file cache; audit exits 1 on findings
    const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    if (index > 0) findings[index - 1] = JSON.parse(result.stdout).findings.length
  })
  for (let i = 0; i < auditRuns; i++) {
    commands.forEach((args, index) => {
      const start = process.hrtime.bigint()
      spawnSync(process.execPath, args, { stdio: 'ignore' })
      samples[index].push(Number(process.hrtime.bigint() - start) / 1e6)
    })
  }
  auditSizes.forEach((count, index) =>
    auditResults.push({
      name: `audit, ${count} server functions`,
      serverFunctions: count,
      findings: findings[index],
      medianMs: median(samples[index + 1]),
      bareMs: median(samples[0]),
    }),
  )
} finally {
  for (const app of [template, ...auditApps]) rmSync(app, { recursive: true, force: true })
}
for (const result of auditResults) {
  const vsBare = `${(result.medianMs / result.bareMs).toFixed(1)}x bare node at ${result.bareMs.toFixed(0)} ms`
  console.log(
    `${result.name.padEnd(32)} median ${result.medianMs.toFixed(1).padStart(7)} ms over ${auditRuns} runs  ` +
      `(${result.findings} findings, ${vsBare})`,
  )
}
const [small, big] = auditResults
// linear in the files read: five times the functions may cost at most five times the time
const auditOk = big.medianMs <= 1000 && big.medianMs / small.medianMs <= 5
console.log(
  auditOk
    ? `audit: within goal (${(big.medianMs / small.medianMs).toFixed(2)}x for 5x the functions)`
    : 'audit: OVER GOAL (1 s at 5,000 server functions, at most linear)',
)
results.push(
  ...auditResults.map((result) => ({
    ...result,
    goal: result.serverFunctions === 5000 ? 'at most 1,000 ms, at most linear' : undefined,
  })),
)

if (process.argv.includes('--json')) console.log(JSON.stringify(results))

// ---- cost of auth per request (optional: several minutes) ---------------------------------

// BENCH_AUTH=1: built apps on SQLite, Postgres and Postgres + Redis under autocannon
// (scripts/auth-cost/auth-cost.run.ts, through vitest, which runs the TypeScript test helpers).
if (process.env.BENCH_AUTH === '1') {
  const config = fileURLToPath(new URL('./auth-cost/vitest.config.ts', import.meta.url))
  const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', config], { stdio: 'inherit' })
  if (run.status !== 0) process.exitCode = 1
} else {
  console.log('cost of auth per request: BENCH_AUTH=1 npm run bench (about 12 minutes: three apps built and served)')
}
