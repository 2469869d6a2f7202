import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Most suites wait on child processes (the CLI, npm, tsc, vite, Chromium): vitest's default of
    // one worker per core minus one leaves a 2-core machine half idle.
    maxWorkers: 3,
    // Generous: many tests run the CLI several times, and 3 workers share 2 cores with tsc and vite.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
})
