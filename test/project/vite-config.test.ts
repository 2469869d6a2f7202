import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { KitError } from '../../src/core/errors.js'
import { parseConfigSource } from '../../src/project/ast.js'
import { appPaths, readTsrConfig } from '../../src/project/paths.js'
import { aliasesOf, readViteConfig, serverFnBaseOf, startOptionsOf } from '../../src/project/vite-config.js'
import { makeTree } from './helpers.js'

const parse = (text: string) => parseConfigSource(text, 'vite.config.ts')
const START = `tanstackStart({ srcDirectory: 'app', router: { routesDirectory: 'pages', generatedRouteTree: 'tree.gen.ts' } })`
const EXPECTED_START = {
  srcDirectory: 'app',
  routesDirectory: 'pages',
  generatedRouteTree: 'tree.gen.ts',
  relativeTo: 'srcDirectory',
}

describe('startOptionsOf', () => {
  test.each([
    ['object literal', `export default defineConfig({ plugins: [${START}] })`],
    ['arrow returning an object', `export default defineConfig(() => ({ plugins: [viteReact(), ${START}] }))`],
    [
      'arrow with a block body',
      `export default defineConfig(({ mode }) => {\n  const plugins = [${START}]\n  return { plugins }\n})`,
    ],
    ['const then export', `const config = defineConfig({ plugins: [${START}] })\nexport default config`],
    [
      'wrapped export',
      `const config = defineConfig({ plugins: [${START}] })\nexport default withSentry(config, { org: 'x' })`,
    ],
    [
      'options held in a const',
      `const startOptions = { srcDirectory: 'app', router: { routesDirectory: 'pages', generatedRouteTree: 'tree.gen.ts' } }\nexport default { plugins: [tanstackStart(startOptions)] }`,
    ],
    [
      'aliased import',
      `import { tanstackStart as start } from '@tanstack/react-start/plugin/vite'\nexport default { plugins: [${START.replace('tanstackStart', 'start')}] }`,
    ],
  ])('%s', (_name, text) => {
    expect(startOptionsOf(parse(text))).toEqual(EXPECTED_START)
  })

  test('pre-1.132 `tsr` options are relative to the app root', () => {
    const text = `export default defineConfig({ plugins: [tanstackStart({ tsr: { srcDirectory: 'app', routesDirectory: 'app/routes' } })] })`
    expect(startOptionsOf(parse(text))).toEqual({
      srcDirectory: 'app',
      routesDirectory: 'app/routes',
      generatedRouteTree: undefined,
      relativeTo: 'root',
    })
  })

  test('no options, or no plugin at all', () => {
    expect(startOptionsOf(parse(`export default defineConfig({ plugins: [tanstackStart()] })`))).toEqual({
      srcDirectory: undefined,
      routesDirectory: undefined,
      generatedRouteTree: undefined,
      relativeTo: 'srcDirectory',
    })
    expect(startOptionsOf(parse(`export default {}`))).toEqual({ relativeTo: 'srcDirectory' })
  })
})

describe('aliasesOf', () => {
  test('object form with path.resolve, fileURLToPath(new URL()), template literals and plain strings', () => {
    const text = `
      import path from 'node:path'
      import { fileURLToPath, URL } from 'node:url'
      export default defineConfig({
        resolve: {
          alias: {
            '@': path.resolve(__dirname, './src'),
            '~': fileURLToPath(new URL('./src', import.meta.url)),
            '#lib': \`\${__dirname}/src/lib\`,
            shared: './src/shared',
            [computed]: './nope',
            dynamic: someFunction(),
          },
        },
      })`
    expect(aliasesOf(parse(text))).toEqual([
      { find: '@', replacement: 'src' },
      { find: '~', replacement: 'src' },
      { find: '#lib', replacement: 'src/lib' },
      { find: 'shared', replacement: './src/shared' },
    ])
  })

  test('array form inside a function config', () => {
    const text = `export default defineConfig(() => ({ resolve: { alias: [{ find: '@', replacement: path.join(process.cwd(), 'src') }, { find: /^x/, replacement: 'y' }] } }))`
    expect(aliasesOf(parse(text))).toEqual([{ find: '@', replacement: 'src' }])
  })
})

describe('readViteConfig', () => {
  test('prefers vite.config.ts and reports the file', async () => {
    const root = await makeTree({
      'vite.config.js': 'export default {}',
      'vite.config.ts': `export default { plugins: [${START}] }`,
    })
    expect(await readViteConfig(root)).toEqual({ file: 'vite.config.ts', start: EXPECTED_START, aliases: [] })
  })

  test("server.port when a number is written there, and whether Nitro's Vite plugin is imported", async () => {
    const read = async (text: string) => readViteConfig(await makeTree({ 'vite.config.ts': text }))
    expect(await read("import { nitro } from 'nitro/vite'\nexport default { server: { port: 3001 } }")).toEqual({
      file: 'vite.config.ts',
      start: { relativeTo: 'srcDirectory' },
      aliases: [],
      serverPort: 3001,
      nitro: true,
    })
    expect(
      (await read('export default defineConfig({ server: { port: process.env.PORT ?? 4000 } })'))?.serverPort,
    ).toBe(4000)
    // computed ports, and a port outside the server block, say nothing
    for (const text of [
      'export default { server: { port: getPort() } }',
      "export default { server: { port: '3001' } }",
      'export default { preview: { port: 4173 } }',
    ])
      expect(await read(text)).toEqual({ file: 'vite.config.ts', start: { relativeTo: 'srcDirectory' }, aliases: [] })
  })

  test('null without a vite config', async () => {
    expect(await readViteConfig(await makeTree({}))).toBeNull()
  })

  test('a syntax error is a KitError naming the file, line and column', async () => {
    const root = await makeTree({
      'vite.config.mts': "import x from 'y'\nexport default defineConfig({\n  plugins: [,, }\n",
    })
    const error = await readViteConfig(root).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).message).toMatch(/^Cannot parse vite\.config\.mts at 3:\d+: /)
    expect((error as KitError).hint).toBe('Fix the syntax error in vite.config.mts, then run kit-auth again.')
  })
})

describe('appPaths', () => {
  const root = path.resolve('/app')

  test("Start's defaults", () => {
    expect(appPaths(root, { relativeTo: 'srcDirectory' }, {})).toEqual({
      srcDirectory: 'src',
      routesDirectory: 'src/routes',
      generatedRouteTree: 'src/routeTree.gen.ts',
    })
  })

  test('router paths are relative to srcDirectory', () => {
    expect(appPaths(root, { ...EXPECTED_START, relativeTo: 'srcDirectory' }, {})).toEqual({
      srcDirectory: 'app',
      routesDirectory: 'app/pages',
      generatedRouteTree: 'app/tree.gen.ts',
    })
  })

  test('pre-1.132 tsr paths are relative to the root', () => {
    expect(appPaths(root, { srcDirectory: './app/', routesDirectory: './app/routes', relativeTo: 'root' }, {})).toEqual(
      {
        srcDirectory: 'app',
        routesDirectory: 'app/routes',
        generatedRouteTree: 'app/routeTree.gen.ts',
      },
    )
  })

  test('tsr.config.json fills what the vite config leaves unset, relative to the root', async () => {
    const dir = await makeTree({
      'tsr.config.json': '{ "routesDirectory": "./src/pages", "generatedRouteTree": "./src/tree.gen.ts" }',
    })
    const tsr = await readTsrConfig(dir)
    expect(appPaths(dir, { relativeTo: 'srcDirectory' }, tsr)).toEqual({
      srcDirectory: 'src',
      routesDirectory: 'src/pages',
      generatedRouteTree: 'src/tree.gen.ts',
    })
    expect(appPaths(dir, { routesDirectory: 'routes2', relativeTo: 'srcDirectory' }, tsr).routesDirectory).toBe(
      'src/routes2',
    )
  })
})

describe('serverFnBaseOf: where Start serves server functions (its TSS_SERVER_FN_BASE)', () => {
  const baseOf = async (text: string | null) =>
    serverFnBaseOf(await readViteConfig(await makeTree(text === null ? {} : { 'vite.config.ts': text })))

  test.each([
    ['no vite config', null, '/_serverFn/'],
    ['Start’s default', 'export default defineConfig({ plugins: [tanstackStart()] })', '/_serverFn/'],
    ['a Vite base', "export default defineConfig({ base: '/app', plugins: [tanstackStart()] })", '/app/_serverFn/'],
    [
      'serverFns.base',
      "export default defineConfig(() => ({ plugins: [tanstackStart({ serverFns: { base: '/rpc' } })] }))",
      '/rpc/',
    ],
    [
      'both, and a router basepath that wins over the Vite base',
      "export default { base: '/app/', plugins: [tanstackStart({ router: { basepath: 'shop' }, serverFns: { base: 'fn/' } })] }",
      '/shop/fn/',
    ],
    [
      'a full-URL base (a CDN) is no path prefix',
      "export default { base: 'https://cdn.example.com/x/' }",
      '/_serverFn/',
    ],
  ])('%s', async (_name, text, expected) => {
    expect(await baseOf(text)).toBe(expected)
  })
})
