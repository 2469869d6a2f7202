/**
 * The fast set's warm CLI thread (cli.ts `runCli`, cli-worker.mjs) answers as the binary does: the
 * same exit code, stdout and stderr for a run, each run with its own environment and folder, and
 * nothing of one run left in the next.
 */
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { copyFixture } from '../init/support.js'
import { runCli } from './cli.js'
import { FIXTURES_DIR } from './fixtures.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

describe('runCli in the fast set: main in a warm thread', () => {
  it('answers as the binary: help, a usage error, a refusal, routes --json', () => {
    const zoo = path.join(FIXTURES_DIR, 'routes-zoo')
    for (const args of [['--help'], ['bogus'], ['init', '--bogus-flag'], ['routes', '--json', '--cwd', zoo]]) {
      const inThread = runCli(args)
      const spawned = runCli(args, { spawn: true })
      expect(inThread, args.join(' ')).toEqual(spawned)
    }
  })

  it('init writes the same files in the thread as in its own process', () => {
    const [a, b] = [copyFixture('default-npm'), copyFixture('default-npm')]
    copies.push(a, b)
    const inThread = runCli(['init', '--yes', '--no-install', '--json'], { cwd: a })
    const spawned = runCli(['init', '--yes', '--no-install', '--json'], { cwd: b, spawn: true })
    expect(inThread.code).toBe(0)
    expect(spawned.code).toBe(0)
    const changes = (result: { stdout: string }) =>
      (JSON.parse(result.stdout) as { changes: { path: string; action: string }[] }).changes
    expect(changes(inThread)).toEqual(changes(spawned))
    for (const { path: file } of changes(spawned).filter((change) => change.action !== 'delete'))
      if (!file.startsWith('.env'))
        expect(readFileSync(path.join(a, file), 'utf8'), file).toBe(readFileSync(path.join(b, file), 'utf8'))
  })

  it('each run has its own environment and folder; the next run sees none of it', () => {
    const app = copyFixture('default-npm')
    copies.push(app)
    expect(runCli(['init', '--yes', '--no-install'], { cwd: app }).code).toBe(0)
    const secret = 'x'.repeat(48)
    const check = (env: Record<string, string> = {}) => {
      const result = runCli(['doctor', '--json'], { cwd: app, env })
      const { checks } = JSON.parse(result.stdout) as { checks: { id: string; ok: boolean; message: string }[] }
      return checks.find((entry) => entry.id.includes('secret'))
    }
    const withSecret = check({ BETTER_AUTH_SECRET: secret })
    const without = check()
    // the run given the variable saw it; the run after it did not
    expect(withSecret).toBeDefined()
    expect(withSecret).not.toEqual(without)
    // --cwd defaults to the run's folder (the `cwd` option), not the test's
    const here = runCli(['routes', '--json'], { cwd: path.join(FIXTURES_DIR, 'routes-zoo') })
    expect(here.code).toBe(0)
    expect(here.stdout).toContain('/about')
  })
})
