import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO } from './helpers/cli.js'

describe('the npm package', () => {
  it('installs globally from its tarball and runs, with templates inside', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-pack-'))
    const output = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' })
    const [packed] = JSON.parse(output) as [{ filename: string; files: { path: string }[] }]
    const files = packed.files.map((file) => file.path)
    expect(files).toContain('bin/kit-auth.js')
    expect(files).toContain('dist/cli.js')
    // the minified TypeScript bundle lib/typescript.js loads (scripts/vendor-typescript.mjs)
    expect(files.some((file) => /^dist\/vendor\/typescript-\d+-[0-9a-f]{12}\.js$/.test(file))).toBe(true)
    expect(files.some((file) => file.startsWith('templates/'))).toBe(true)
    expect(
      files.some((file) => file.startsWith('src/') || file.startsWith('test/') || file.startsWith('fixtures/')),
    ).toBe(false)

    const prefix = path.join(dir, 'prefix')
    execFileSync('npm', ['install', '--global', '--prefix', prefix, path.join(dir, packed.filename)], {
      stdio: 'ignore',
    })
    const bin = path.join(prefix, 'bin', 'kit-auth')
    const installed = path.join(prefix, 'lib', 'node_modules', 'kit-auth')
    const loadedFrom = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('./lib/typescript.js'); console.log(m.loadedFrom)"],
      { cwd: installed, encoding: 'utf8' },
    ).trim()
    expect(path.relative(installed, loadedFrom)).toMatch(/^dist\/vendor\/typescript-\d+-[0-9a-f]{12}\.js$/)
    const help = execFileSync(bin, ['--help'], { encoding: 'utf8' })
    expect(help).toContain('protect')
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()
    expect(version).toBe(
      JSON.parse(execFileSync('npm', ['pkg', 'get', 'version'], { cwd: REPO, encoding: 'utf8' })) as string,
    )
  }, 180_000)
})
