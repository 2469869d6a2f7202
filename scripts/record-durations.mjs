// Writes test/durations.json from vitest's own results cache (node_modules/.vite/vitest/*/results.json)
// after a whole `npm test`: each test file's last duration in seconds, so a fresh clone, which has no
// cache, still starts the longest suites first (vitest.config.ts's sequencer).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cacheDir = path.join(root, 'node_modules/.vite/vitest')
const durations = {}
for (const entry of readdirSync(cacheDir)) {
  const { results } = JSON.parse(readFileSync(path.join(cacheDir, entry, 'results.json'), 'utf8'))
  for (const [key, result] of results) if (result.duration) durations[key] = Math.round(result.duration / 1000)
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)))
writeFileSync(path.join(root, 'test/durations.json'), `${JSON.stringify(sorted, null, 2)}\n`)
console.log(`test/durations.json: ${Object.keys(sorted).length} files`)
