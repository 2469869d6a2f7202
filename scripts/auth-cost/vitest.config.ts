import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * `npm run bench` with BENCH_AUTH=1 runs the cost-of-auth measurement (auth-cost.run.ts) through
 * vitest, which runs the TypeScript test helpers it builds on (installed fixtures, real servers).
 * It is no test: nothing in `npm test` includes it.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['scripts/auth-cost/auth-cost.run.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    reporters: ['dot'],
  },
})
