import path from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Two test sets (test/helpers/test-sets.ts): `fast`, the inner loop (`npm run test:fast`), installs,
 * builds and starts nothing; `heavy` is every `*.heavy.test.ts`: real installs, app builds, Chromium,
 * PostgreSQL and Redis. `npm test` runs both.
 */
const HEAVY = 'test/**/*.heavy.test.ts'

/**
 * vitest's own order, minus its "one project after the other": files that failed last time first,
 * then the longest last time, then (never run: a fresh clone) the largest. So the long heavy suites
 * start early, next to the fast ones, instead of all after them.
 */
class AcrossProjects extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx
    const key = (file: TestSpecification) => `${file.project.name}:${path.relative(config.root, file.moduleId)}`
    const last = new Map(files.map((file) => [file, cache.getFileTestResults(key(file))]))
    const size = (file: TestSpecification) => cache.getFileStats(key(file))?.size ?? 0
    return [...files].sort((a, b) => {
      const [resultA, resultB] = [last.get(a), last.get(b)]
      if (!resultA || !resultB) return resultA ? 1 : resultB ? -1 : size(b) - size(a)
      if (resultA.failed !== resultB.failed) return resultA.failed ? -1 : 1
      return resultB.duration - resultA.duration
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
    sequence: { sequencer: AcrossProjects },
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
