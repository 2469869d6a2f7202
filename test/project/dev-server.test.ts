import { describe, expect, test } from 'vitest'
import { devServerOf, shellCommands } from '../../src/project/dev-server.js'
import { inspectProject } from '../../src/project/inspect.js'
import type { ViteConfigInfo } from '../../src/project/vite-config.js'
import { makeTree, startPackageJson } from './helpers.js'

const vite = (extra: Partial<ViteConfigInfo> = {}): ViteConfigInfo => ({
  file: 'vite.config.ts',
  start: { relativeTo: 'srcDirectory' },
  aliases: [],
  ...extra,
})
const portOf = (dev: string | undefined, config: ViteConfigInfo | null = vite(), more: Record<string, string> = {}) =>
  devServerOf({ ...(dev === undefined ? {} : { dev }), ...more }, config)

describe('shellCommands', () => {
  test('splits commands, drops quotes, and reads quoted command lines again', () => {
    expect(
      shellCommands(`dotenv -e .env.local -- sh -c "NODE_OPTIONS='--import ./x.mjs' vite dev --port 3000"`),
    ).toEqual([
      ['dotenv', '-e', '.env.local', '--', 'sh', '-c', "NODE_OPTIONS='--import ./x.mjs' vite dev --port 3000"],
      ['NODE_OPTIONS=--import ./x.mjs', 'vite', 'dev', '--port', '3000'],
      ['--import', './x.mjs'],
    ])
    expect(shellCommands('npm run db && vite dev; echo a\\ b | cat')).toEqual([
      ['npm', 'run', 'db'],
      ['vite', 'dev'],
      ['echo', 'a b'],
      ['cat'],
    ])
  })
})

describe('devServerOf: the port `npm run dev` serves on', () => {
  test.each([
    // the dev script's flag: what `@tanstack/cli create` writes, and what beats the vite config
    ['vite dev --port 3000', vite(), 3000, '`--port 3000` in the dev script'],
    ['vite dev --port=3001 --host', vite({ serverPort: 4500 }), 3001, '`--port 3001` in the dev script'],
    ['npx vite --port 3002', null, 3002, '`--port 3002` in the dev script'],
    ['./node_modules/.bin/vite serve --port 3003', null, 3003, '`--port 3003` in the dev script'],
    // the vite config's server.port
    ['vite dev', vite({ serverPort: 4500 }), 4500, 'server.port in vite.config.ts'],
    ['vite', vite({ file: 'vite.config.mjs', serverPort: 4501 }), 4501, 'server.port in vite.config.mjs'],
    // Vite's own default: Vite reads no PORT (measured: `PORT=4321 vite dev` serves on 5173)
    ['vite dev', vite(), 5173, "Vite's default port"],
    ['PORT=4321 vite dev', vite(), 5173, "Vite's default port"],
    ['vite dev', null, 5173, "Vite's default port"],
    // Nitro's Vite plugin: PORT first, then the flag, the config, its own 3000
    ['vite dev', vite({ nitro: true }), 3000, "Nitro's default port (nitro/vite)"],
    ['PORT=4321 vite dev --port 3001', vite({ nitro: true }), 4321, '`PORT=4321` in the dev script'],
    ['cross-env PORT=4322 vite dev', vite({ nitro: true }), 4322, '`PORT=4322` in the dev script'],
    ['export PORT=4323; vite dev', vite({ nitro: true }), 4323, '`PORT=4323` in the dev script'],
    ['vite dev --port 3001', vite({ nitro: true, serverPort: 4500 }), 3001, '`--port 3001` in the dev script'],
    ['vite dev', vite({ nitro: true, serverPort: 4500 }), 4500, 'server.port in vite.config.ts'],
    // vinxi (Start before 1.132): the flag, PORT, 3000
    ['vinxi dev --port 3004', null, 3004, '`--port 3004` in the dev script'],
    ['PORT=3005 vinxi dev', null, 3005, '`PORT=3005` in the dev script'],
    ['vinxi dev', null, 3000, "vinxi's default port"],
    // wrappers and quoted command lines
    [
      `dotenv -e .env.local -- sh -c "NODE_OPTIONS='--import ./instrument.server.mjs' vite dev --port 3006"`,
      vite(),
      3006,
      '`--port 3006` in the dev script',
    ],
    [`concurrently "convex dev" "vite dev --port 3007"`, vite(), 3007, '`--port 3007` in the dev script'],
    ['vite build --watch & vite preview --port 4173', vite(), 3000, 'a guess: the dev script does not run Vite'],
  ])('%s', (dev, config, port, from) => {
    const server = portOf(dev, config)
    expect({ port: server.port, from: server.from }).toEqual({ port, from })
    expect(server.known).toBe(!from.startsWith('a guess'))
  })

  test('follows `npm run` / `pnpm` / `yarn` / `bun run` to another script, with the PORT set before it', () => {
    const scripts = { 'dev:web': 'vite dev --port 3008', 'dev:nitro': 'vite dev' }
    for (const dev of [
      'npm run dev:web',
      'pnpm dev:web',
      'yarn run dev:web',
      'bun run dev:web',
      'npm run db && npm run dev:web',
    ])
      expect(portOf(dev, vite(), scripts).port).toBe(3008)
    expect(portOf('PORT=4400 npm run dev:nitro', vite({ nitro: true }), scripts).port).toBe(4400)
    // npm runs no script by its bare name; a loop ends
    expect(portOf('npm dev:web', vite(), scripts).known).toBe(false)
    expect(portOf('npm run dev', vite()).known).toBe(false)
  })

  test('a custom server, or no dev script: PORT in the script, else 3000, as a guess', () => {
    expect(portOf('PORT=4000 tsx watch server.ts')).toEqual({
      port: 4000,
      from: '`PORT=4000` in the dev script (the dev script does not run Vite)',
      known: false,
    })
    expect(portOf('node server.mjs')).toEqual({
      port: 3000,
      from: 'a guess: the dev script does not run Vite',
      known: false,
    })
    expect(portOf(undefined)).toEqual({ port: 3000, from: 'a guess: there is no dev script', known: false })
  })
})

describe('inspectProject reads the dev server from the app', () => {
  test.each([
    ['the dev script', 'vite dev --port 3001', 'export default defineConfig({ server: { port: 4500 } })', 3001],
    ['the vite config', 'vite dev', 'export default defineConfig(() => ({ server: { port: 4500 } }))', 4500],
    [
      'the vite config, through a const and a PORT fallback',
      'vite dev',
      'const port = Number(process.env.PORT) || 4501\nexport default defineConfig({ server: { port } })',
      4501,
    ],
    ["Vite's default", 'vite dev', 'export default defineConfig({ plugins: [tanstackStart()] })', 5173],
    [
      "Nitro's default",
      'vite dev',
      "import { nitro } from 'nitro/vite'\nexport default defineConfig({ plugins: [tanstackStart(), nitro()] })",
      3000,
    ],
  ])('%s', async (_name, dev, config, port) => {
    const root = await makeTree({
      'package.json': startPackageJson({ scripts: { dev } }),
      'vite.config.ts': config,
    })
    expect((await inspectProject(root, { auth: false })).devServer.port).toBe(port)
  })
})
