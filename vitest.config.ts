import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Two test sets (test/helpers/test-sets.ts): `fast`, the inner loop (`npm run test:fast`), installs,
 * builds and starts nothing; `heavy` is every `*.heavy.test.ts`: real installs, app builds, Chromium,
 * PostgreSQL and Redis. `npm test` runs both.
 */
const HEAVY = 'test/**/*.heavy.test.ts'

export default defineConfig({
  test: {
    // Most suites wait on child processes (the CLI, npm, tsc, vite, Chromium): vitest's default of
    // one worker per core minus one leaves a 2-core machine half idle.
    maxWorkers: 3,
    // Generous: many tests run the CLI several times, and 3 workers share 2 cores with tsc and vite.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, HEAVY],
          // the heavy helpers refuse to run under it
          env: { KIT_AUTH_TEST_SET: 'fast' },
        },
      },
      {
        extends: true,
        test: {
          name: 'heavy',
          include: [HEAVY],
          // warms the installed-fixture cache; vitest runs it only when a heavy suite is selected
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
})
