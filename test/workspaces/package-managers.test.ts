/**
 * Issue 7, cases 4 and 5: `--package-manager` overrides detection for every package manager
 * fixture, and an unknown one is a usage error. (What each fixture's report says, and the
 * init + protect run on each, are in test/matrix/fixtures.test.ts.) Never installs anything.
 */
import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { copyFixture, init, parseDocument, type InitDocument } from '../init/support.js'

const CASES = [
  { name: 'yarn-berry', app: '.', manager: 'yarn' },
  { name: 'yarn-classic', app: '.', manager: 'yarn' },
  { name: 'bun-text', app: '.', manager: 'bun' },
  { name: 'no-lockfile', app: '.', manager: 'npm' },
  { name: 'two-lockfiles', app: '.', manager: 'yarn' },
  { name: 'npm-workspace', app: 'apps/web', manager: 'npm' },
]

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

type Document = InitDocument & { notes?: string[] }

describe.each(CASES)('$name', (fixture) => {
  it('--package-manager overrides detection (report and install step)', () => {
    const root = copyFixture(fixture.name)
    copies.push(root)
    const appDir = path.join(root, fixture.app)
    const override = fixture.manager === 'bun' ? 'pnpm' : 'bun'
    const result = init(appDir, ['--yes', '--no-install', '--json', '--package-manager', override])
    expect(result.code).toBe(0)
    const document = parseDocument(result.stdout) as Document
    expect(document.notes?.find((note) => note.startsWith('Package manager:'))).toMatch(
      new RegExp(`^Package manager: ${override}\\b.*\\(--package-manager ${override}\\)\\.$`),
    )
    expect(document.nextSteps.join('\n')).toContain(`Install the new dependencies: \`${override} install`)
  })
})

describe('--package-manager', () => {
  it('rejects an unknown --package-manager as a usage error', () => {
    const root = copyFixture('no-lockfile')
    copies.push(root)
    const result = init(root, ['--yes', '--no-install', '--package-manager', 'deno'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Allowed choices are npm, pnpm, yarn, bun')
  })
})
