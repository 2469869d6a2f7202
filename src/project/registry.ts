import { KitError } from '../core/errors.js'
import { failureExcerpt } from '../core/tasks.js'

/**
 * What `init --upgrade-better-auth` asks the package registry: which releases of a package a range
 * allows, and what a release declares as peers. `npmRegistry` asks npm (`npm view ... --json`);
 * tests feed the same questions with answers npm gave.
 */
export interface Registry {
  /** Every published version of `name` that `range` allows (none: `[]`). */
  versions(name: string, range: string): Promise<string[]>
  /** The `peerDependencies` of `name@version` (none: `{}`). */
  peerDependencies(name: string, version: string): Promise<Record<string, string>>
}

/** `npm view`'s JSON answer: one value, or an array when several versions matched, or nothing. */
function parseAnswer(stdout: string): unknown {
  const text = stdout.trim()
  return text === '' ? undefined : (JSON.parse(text) as unknown)
}

/**
 * The registry the app's npm is configured for (its `.npmrc` applies: npm runs in `cwd`).
 * A range that matches nothing answers `[]`; any other failure is a KitError quoting npm.
 *
 * @example await npmRegistry('/app').versions('drizzle-orm', '^0.45.2') // ['0.45.2', '0.45.3', ...]
 */
export function npmRegistry(cwd: string): Registry {
  const view = async (spec: string, field: string): Promise<unknown> => {
    const { execa } = await import('execa')
    const result = await execa('npm', ['view', spec, field, '--json'], {
      cwd,
      all: false,
      reject: false,
      stdin: 'ignore',
    })
    if (result.exitCode === 0) return parseAnswer(result.stdout)
    // "No match found for version ^9" is an answer: no such release.
    if (/E404/.test(result.stderr) && /No match found/i.test(result.stderr)) return undefined
    throw new KitError(
      `Could not ask the npm registry about ${spec}: ` +
        `${failureExcerpt(`${result.stderr}\n${result.stdout}`) || `npm exited with ${result.exitCode}`}`,
      'Check that `npm view better-auth version` works here (network, registry in .npmrc), or run kit-auth init ' +
        'without --upgrade-better-auth.',
    )
  }
  return {
    async versions(name, range) {
      const answer = await view(`${name}@${range}`, 'version')
      return answer === undefined ? [] : (Array.isArray(answer) ? answer : [answer]).map(String)
    },
    async peerDependencies(name, version) {
      const answer = await view(`${name}@${version}`, 'peerDependencies')
      return answer && typeof answer === 'object' && !Array.isArray(answer) ? (answer as Record<string, string>) : {}
    },
  }
}
