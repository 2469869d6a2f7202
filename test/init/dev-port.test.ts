/**
 * init writes BETTER_AUTH_URL at the port the app's dev server really serves on, and prints that URL in its next
 * steps: `--port` in the dev script first, then the vite config's `server.port`, then the default of the setup (Vite's
 * 5173, Nitro's 3000). A value already in the env file stays as it is.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { snapshotTree } from '../helpers/tree.js'
import { copyFixture, editJson, init, parseDocument } from './support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

/** default-npm with its dev script set to `dev` and its vite config edited by `vite`. */
function app(dev: string, vite: (text: string) => string = (text) => text): string {
  const root = copyFixture('default-npm')
  copies.push(root)
  editJson(path.join(root, 'package.json'), (json) => {
    json.scripts.dev = dev
  })
  const config = path.join(root, 'vite.config.ts')
  writeFileSync(config, vite(readFileSync(config, 'utf8')))
  return root
}

const serverPort = (port: number) => (text: string) =>
  text.replace('plugins:', `server: { port: ${port} },\n  plugins:`)
const nitro = (text: string) =>
  `import { nitro } from 'nitro/vite'\n${text.replace('plugins: [', 'plugins: [nitro(), ')}`

/** init --yes --no-install in `root`: the BETTER_AUTH_URL it wrote and the URL its first next step opens. */
function initUrls(root: string): { env: string | undefined; next: string | undefined } {
  const result = init(root, ['--yes', '--no-install', '--json'])
  expect(result.code, result.stdout + result.stderr).toBe(0)
  const env = readFileSync(path.join(root, '.env.local'), 'utf8')
  return {
    env: /^BETTER_AUTH_URL=(.*)$/m.exec(env)?.[1],
    next: /open (http:\/\/\S+)\/sign-up/.exec(parseDocument(result.stdout).nextSteps.join('\n'))?.[1],
  }
}

describe("init's BETTER_AUTH_URL is the dev server's URL", () => {
  it.each([
    ['--port in the dev script', 'vite dev --port 3001', serverPort(4500), 'http://localhost:3001'],
    ["the vite config's server.port", 'vite dev', serverPort(4500), 'http://localhost:4500'],
    ["Vite's default", 'vite dev', undefined, 'http://localhost:5173'],
    ["Nitro's default", 'vite dev', nitro, 'http://localhost:3000'],
    ['PORT in the dev script, with Nitro', 'PORT=4100 vite dev --port 3001', nitro, 'http://localhost:4100'],
  ])('%s', (_name, dev, vite, url) => {
    expect(initUrls(app(dev, vite))).toEqual({ env: url, next: url })
  })

  it('only the env file changes with the port: every generated TypeScript file is the same', () => {
    const [on3001, on5173] = [app('vite dev --port 3001'), app('vite dev')]
    for (const root of [on3001, on5173]) expect(init(root, ['--yes', '--no-install']).code).toBe(0)
    const [a, b] = [snapshotTree(on3001), snapshotTree(on5173)]
    const differ = Object.keys(a).filter((file) => a[file] !== b[file])
    // package.json holds the two dev scripts; .env.local the two URLs (and two fresh secrets)
    expect(differ.sort()).toEqual(['.env.local', 'package.json'])
  })

  it('keeps a BETTER_AUTH_URL the env file already has, whatever the dev server', () => {
    const root = app('vite dev')
    const original = '# mine\nBETTER_AUTH_URL=http://localhost:4000\n'
    writeFileSync(path.join(root, '.env.local'), original)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(0)
    const env = readFileSync(path.join(root, '.env.local'), 'utf8')
    expect(env.startsWith(original)).toBe(true)
    expect(env.match(/BETTER_AUTH_URL=/g)).toHaveLength(1)
  })

  it('writes no BETTER_AUTH_URL or DATABASE_URL that another env file vite dev loads sets (it would override it)', () => {
    const root = app('vite dev')
    const dotEnv = 'BETTER_AUTH_URL=http://localhost:4000\nDATABASE_URL=postgres://db.internal:5432/shop\n'
    writeFileSync(path.join(root, '.env'), dotEnv)
    writeFileSync(path.join(root, '.env.local'), 'FOO=1\n')
    const result = init(root, ['--yes', '--no-install', '--db', 'postgres'])
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(readFileSync(path.join(root, '.env'), 'utf8')).toBe(dotEnv)
    const local = readFileSync(path.join(root, '.env.local'), 'utf8')
    expect(local).toMatch(/^BETTER_AUTH_SECRET=[0-9a-f]{64}$/m)
    expect(local).not.toMatch(/^(?:BETTER_AUTH_URL|DATABASE_URL)=/m)
  })
})
