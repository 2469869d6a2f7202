import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { failureExcerpt, onPath } from '../../src/core/tasks.js'
import { makeTree } from '../helpers/tree.js'

describe('failureExcerpt (the one line quoted when an install fails)', () => {
  it('quotes npm’s cause, not the "for a full report" tail or warnings', () => {
    const output = [
      'npm warn Unknown user config "nodedir".',
      'npm error code ERESOLVE',
      'npm error ERESOLVE unable to resolve dependency tree',
      'npm error',
      'npm error While resolving: app@undefined',
      'npm error Found: vite@8.3.8',
      'npm error Could not resolve dependency:',
      'npm error',
      'npm error For a full report see:',
      'npm error /root/.npm/_logs/2026-11-24-debug-0.log',
    ].join('\n')
    expect(failureExcerpt(output)).toBe(
      'npm error code ERESOLVE | npm error ERESOLVE unable to resolve dependency tree | npm error While resolving: app@undefined | npm error Found: vite@8.3.8',
    )
  })

  it('finds pnpm’s and Yarn’s codes, and falls back to the last lines', () => {
    expect(
      failureExcerpt(
        'Progress: resolved 1\n ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile"\n\nNote: x',
      ),
    ).toMatch(/^ERR_PNPM_OUTDATED_LOCKFILE/)
    expect(
      failureExcerpt(
        '➤ YN0000: ┌ Resolution step\n➤ YN0028: │ The lockfile would have been modified by this install, which is explicitly forbidden.\n➤ YN0000: Failed',
      ),
    ).toMatch(/^➤ YN0028/)
    expect(failureExcerpt('a\nb\nc\nd\ne\nf\n')).toBe('b | c | d | e | f')
    // Yarn's informational YN0007 ("must be built because ... the last one failed") is not the cause; YN0009 is
    const yarn = [
      '➤ YN0007: │ better-sqlite3@npm:12.11.1 must be built because it never has been before or the last one failed',
      "➤ YN0009: │ better-sqlite3@npm:12.11.1 couldn't be built successfully (exit code 1)",
    ].join('\n')
    expect(failureExcerpt(yarn)).toMatch(/^➤ YN0009/)
  })
})

describe('onPath (is a package manager installed, or must it run through npx)', () => {
  const saved = process.env.PATH
  afterEach(() => {
    process.env.PATH = saved
  })

  it('looks in every PATH folder, skipping empty entries', () => {
    const bin = makeTree({ 'fake-pm': '#!/bin/sh\n' })
    process.env.PATH = ['', makeTree({}), bin].join(path.delimiter)
    expect(onPath('fake-pm')).toBe(true)
    expect(onPath('other-pm')).toBe(false)
    process.env.PATH = ''
    expect(onPath('fake-pm')).toBe(false)
  })
})
