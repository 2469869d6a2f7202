import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CLI, REPO, runCli } from './helpers/cli.js'
import { FIXTURES_DIR } from './helpers/fixtures.js'
import { makeTree, snapshotTree } from './helpers/tree.js'

// The binary itself, in its own process (the fast set's other suites run `main` in a warm thread).

describe('kit-auth CLI', () => {
  it('prints help listing every command, exit 0', () => {
    const { code, stdout } = runCli(['--help'], { spawn: true })
    expect(code).toBe(0)
    for (const command of ['init', 'add-guard', 'protect']) expect(stdout).toContain(command)
  })

  it('survives a reader that closes the pipe early (`kit-auth routes | head -1`): exit 0, no EPIPE crash', async () => {
    const child = spawn(process.execPath, [CLI, 'routes', '--cwd', path.join(FIXTURES_DIR, 'routes-zoo')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.destroy() // the reader is gone before the first line
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).not.toContain('EPIPE')
    expect(code).toBe(0)
  })

  it('prints its version', () => {
    const { code, stdout } = runCli(['--version'], { spawn: true })
    expect(code).toBe(0)
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('lists the global flags on every command', () => {
    for (const command of ['init', 'add-guard', 'protect']) {
      const { code, stdout } = runCli([command, '--help'], { spawn: true })
      expect(code).toBe(0)
      for (const flag of ['--cwd', '--yes', '--dry-run', '--diff', '--json', '--no-install', '--debug'])
        expect(stdout).toContain(flag)
    }
  })

  it('exits 2 with a usage hint on an unknown command or flag', () => {
    for (const args of [['bogus'], ['init', '--bogus'], ['protect'], []]) {
      const { code, stderr } = runCli(args, { spawn: true })
      expect(code, args.join(' ')).toBe(2)
      expect(stderr).toMatch(/kit-auth --help|Usage/)
    }
  })

  it('renders a kit-auth error as what + hint, exit 1, no stack trace', () => {
    const root = makeTree({ 'README.md': 'not an app\n' })
    const before = snapshotTree(root)
    const { code, stderr } = runCli(['init', '--yes', '--cwd', root], { spawn: true })
    expect(code).toBe(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/package\.json/)
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(snapshotTree(root)).toEqual(before)
  })

  it('prints the stack trace with --debug', () => {
    const root = makeTree({ 'README.md': 'not an app\n' })
    const { code, stderr } = runCli(['init', '--yes', '--debug', '--cwd', root], { spawn: true })
    expect(code).toBe(1)
    expect(stderr).toMatch(/\n\s+at /)
  })

  it('prints one JSON document on stdout for an error with --json', () => {
    const root = makeTree({ 'README.md': 'not an app\n' })
    const { code, stdout } = runCli(['init', '--yes', '--json', '--cwd', root], { spawn: true })
    expect(code).toBe(1)
    const document = JSON.parse(stdout) as { ok: boolean; error: { message: string; hint: string } }
    expect(document.ok).toBe(false)
    expect(document.error.message).toMatch(/package\.json/)
    expect(document.error.hint.length).toBeGreaterThan(0)
  })

  it('runs as the bundle the build makes: --help loads no command, protect its chunks', () => {
    const hooks = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-loads-'))
    try {
      writeFileSync(
        path.join(hooks, 'hooks.mjs'),
        'export async function load(url, context, next) {\n' +
          '  process.stderr.write(`loaded ${url}\\n`)\n' +
          '  return next(url, context)\n' +
          '}\n',
      )
      const hooksUrl = JSON.stringify(pathToFileURL(path.join(hooks, 'hooks.mjs')).href)
      writeFileSync(path.join(hooks, 'register.mjs'), `import { register } from 'node:module'\nregister(${hooksUrl})\n`)
      /** The files of the repository a run loads as modules, in order. */
      const loads = (args: string[]) => {
        const { stderr } = spawnSync(process.execPath, ['--import', path.join(hooks, 'register.mjs'), CLI, ...args], {
          encoding: 'utf8',
        })
        return [...stderr.matchAll(/^loaded (file:.*)$/gm)]
          .map((match) => path.relative(REPO, fileURLToPath(match[1] ?? '')))
          .filter((file) => !file.startsWith('..'))
      }
      const help = loads(['--help'])
      expect(help.slice(0, 2)).toEqual(['bin/kit-auth.js', 'dist/kit-auth.js'])
      // at most a chunk the bundle shares with the commands; no command, no TypeScript, no package
      expect(help.slice(2).filter((file) => !file.startsWith('dist/chunks/errors-'))).toEqual([])
      const app = path.join(FIXTURES_DIR, 'routes-zoo')
      const protect = loads(['protect', '/dashboard', '--yes', '--dry-run', '--cwd', app])
      expect(protect).toContain('lib/typescript.js')
      expect(protect.some((file) => file.startsWith('dist/chunks/'))).toBe(true)
      // no module of dist/ file by file, and none of the packages the bundle inlines
      expect(protect.filter((file) => file.startsWith('dist/') && !file.startsWith('dist/chunks/'))).toEqual([
        'dist/kit-auth.js',
      ])
      expect(protect.filter((file) => /node_modules\/(commander|picocolors|diff)\//.test(file))).toEqual([])
    } finally {
      rmSync(hooks, { recursive: true, force: true })
    }
  })
})
