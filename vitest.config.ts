import { readFileSync } from 'node:fs'
import path from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Two test sets (test/helpers/test-sets.ts): `fast`, the inner loop (`npm run test:fast`), installs,
 * builds and starts nothing; `heavy` is every `*.heavy.test.ts`: real installs, app builds, Chromium,
 * PostgreSQL and Redis. `npm test` runs both.
 */
const HEAVY = 'test/**/*.heavy.test.ts'

/** Each test file's duration in a recent whole run (`node scripts/record-durations.mjs` writes it). */
const RECORDED: Record<string, number> = JSON.parse(
  readFileSync(new URL('./test/durations.json', import.meta.url), 'utf8'),
)

/**
 * The fast set first, then the heavy suites, each longest first: files that failed last time before
 * the rest, then by vitest's own last duration, else the recorded one (a fresh clone has no cache),
 * else the largest. The fast files run while the global setup installs fixtures in the background
 * (test/global-setup.ts); the long heavy suites start early and the short ones fill the end.
 */
class FastThenLongest extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx
    const key = (file: TestSpecification) => `${file.project.name}:${path.relative(config.root, file.moduleId)}`
    const last = new Map(files.map((file) => [file, cache.getFileTestResults(key(file))]))
    const seconds = (file: TestSpecification) => {
      const duration = last.get(file)?.duration
      return duration === undefined ? RECORDED[key(file)] : duration / 1000
    }
    const size = (file: TestSpecification) => cache.getFileStats(key(file))?.size ?? 0
    const heavy = (file: TestSpecification) => file.project.name === 'heavy'
    return [...files].sort((a, b) => {
      if (heavy(a) !== heavy(b)) return heavy(a) ? 1 : -1
      const failedA = last.get(a)?.failed === true
      if (failedA !== (last.get(b)?.failed === true)) return failedA ? -1 : 1
      const [secondsA, secondsB] = [seconds(a), seconds(b)]
      if (secondsA === undefined || secondsB === undefined)
        // a new file first: nothing says it is short
        return secondsA !== undefined ? 1 : secondsB !== undefined ? -1 : size(b) - size(a)
      return secondsB - secondsA
    })
  }
}

export default defineConfig({
  test: {
    // Most suites wait on child processes (the CLI, npm, tsc, vite, Chromium): vitest's default of
    // one worker per core minus one leaves a 2-core machine half idle.
    maxWorkers: 3,
    // Generous: many tests run the CLI several times, and 3 workers share 2 cores with tsc and vite.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    sequence: { sequencer: FastThenLongest },
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
          // For every npm the suites start (the CLI's installs too): no audit or funding requests, and
          // package metadata from the cache when an earlier install of the run fetched it.
          env: {
            npm_config_audit: 'false',
            npm_config_fund: 'false',
            npm_config_update_notifier: 'false',
            npm_config_prefer_offline: 'true',
          },
        },
      },
    ],
  },
})
