import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { KitError } from '../../src/core/errors.js'
import { rankAliases } from '../../src/project/alias.js'
import { importSpecifiers } from '../../src/project/sources.js'
import { readTsconfig } from '../../src/project/tsconfig.js'
import { makeTree } from './helpers.js'

describe('readTsconfig', () => {
  test('JSONC: comments and trailing commas', async () => {
    const root = await makeTree({
      'tsconfig.json':
        '// app\n{\n  "compilerOptions": {\n    /* alias */ "paths": { "~/*": ["./src/*",], },\n  },\n}\n',
    })
    expect(await readTsconfig(root, 'src')).toEqual({
      file: path.join(root, 'tsconfig.json'),
      aliases: [{ prefix: '~/', target: path.join(root, 'src'), declaredIn: path.join(root, 'tsconfig.json') }],
    })
  })

  test('extends chain: relative file without .json, then a package, paths resolved from the file declaring them', async () => {
    const root = await makeTree({
      'tsconfig.json': '{ "extends": "./config/base", "compilerOptions": { "strict": true } }',
      'config/base.json':
        '{ "extends": "@acme/tsconfig/app.json", "compilerOptions": { "paths": { "@/*": ["../src/*"] } } }',
      'node_modules/@acme/tsconfig/app.json': '{ "compilerOptions": { "paths": { "#x/*": ["./x/*"] } } }',
    })
    const info = await readTsconfig(root, 'src')
    expect(info?.aliases).toEqual([
      { prefix: '@/', target: path.join(root, 'src'), declaredIn: path.join(root, 'config/base.json') },
    ])
  })

  test('noPropertyAccessFromIndexSignature: from a package the chain extends, turned off again by a nearer file', async () => {
    const base = '{ "compilerOptions": { "noPropertyAccessFromIndexSignature": true } }'
    const on = await makeTree({
      'tsconfig.json': '{ "extends": "./config/app" }',
      'config/app.json': '{ "extends": "@acme/tsconfig/strict.json" }',
      'node_modules/@acme/tsconfig/strict.json': base,
    })
    expect((await readTsconfig(on, 'src'))?.noPropertyAccessFromIndexSignature).toBe(true)
    const off = await makeTree({
      'tsconfig.json': '{ "extends": "./base", "compilerOptions": { "noPropertyAccessFromIndexSignature": false } }',
      'base.json': base,
    })
    expect((await readTsconfig(off, 'src'))?.noPropertyAccessFromIndexSignature).toBeUndefined()
  })

  test('array extends: the later entry wins; baseUrl anchors paths', async () => {
    const root = await makeTree({
      'tsconfig.json': '{ "extends": ["./a.json", "./b.json"] }',
      'a.json': '{ "compilerOptions": { "paths": { "@/*": ["./a/*"] } } }',
      'b.json': '{ "compilerOptions": { "baseUrl": "./src", "paths": { "@/*": ["*"], "exact": ["./exact.ts"] } } }',
    })
    expect((await readTsconfig(root, 'src'))?.aliases).toEqual([
      { prefix: '@/', target: path.join(root, 'src'), declaredIn: path.join(root, 'b.json') },
    ])
  })

  test('a package extends resolved through node_modules/<pkg>/tsconfig.json', async () => {
    const root = await makeTree({
      'tsconfig.json': '{ "extends": "@acme/base" }',
      'node_modules/@acme/base/tsconfig.json':
        '{ "compilerOptions": { "baseUrl": "../../..", "paths": { "@/*": ["src/*"] } } }',
    })
    expect((await readTsconfig(root, 'src'))?.aliases[0]?.target).toBe(path.join(root, 'src'))
  })

  test('solution-style tsconfig.json follows the reference that includes the sources', async () => {
    const root = await makeTree({
      'tsconfig.json':
        '{ "files": [], "references": [{ "path": "./tsconfig.node.json" }, { "path": "./tsconfig.app.json" }] }',
      'tsconfig.node.json': '{ "include": ["vite.config.ts"] }',
      'tsconfig.app.json': '{ "include": ["src"], "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }',
    })
    const info = await readTsconfig(root, 'src')
    expect(info?.file).toBe(path.join(root, 'tsconfig.app.json'))
    expect(info?.aliases.map((a) => a.prefix)).toEqual(['@/'])
  })

  test('a cycle in extends does not loop', async () => {
    const root = await makeTree({
      'tsconfig.json': '{ "extends": "./b.json" }',
      'b.json': '{ "extends": "./tsconfig.json" }',
    })
    expect(await readTsconfig(root, 'src')).toEqual({ file: path.join(root, 'tsconfig.json'), aliases: [] })
  })

  test('null without tsconfig.json; KitError with line:column when it does not parse', async () => {
    expect(await readTsconfig(await makeTree({}), 'src')).toBeNull()
    const root = await makeTree({
      'tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true\n    "noEmit": true\n  }\n}\n',
    })
    const error = await readTsconfig(root, 'src').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).message).toBe("Cannot parse tsconfig.json at 4:5: ',' expected.")
  })
})

describe('rankAliases', () => {
  const root = path.resolve('/repo/apps/web')
  const sources = {
    root,
    packageJson: {
      imports: {
        '#/*': './src/*',
        '#internal': './src/internal.ts',
        '#c/*': { types: './src/c/*.d.ts', default: './src/c/*' },
      },
    },
    tsconfig: {
      file: path.join(root, 'tsconfig.json'),
      aliases: [
        { prefix: '#/', target: path.join(root, 'other'), declaredIn: path.join(root, 'tsconfig.json') },
        { prefix: '@/', target: path.join(root, 'src'), declaredIn: path.join(root, '../../tsconfig.base.json') },
        { prefix: '@shared/', target: path.join(root, '../shared'), declaredIn: path.join(root, 'tsconfig.json') },
      ],
    },
    vite: {
      file: 'vite.config.ts',
      start: { relativeTo: 'srcDirectory' as const },
      aliases: [
        { find: '~', replacement: './src' },
        { find: '@/', replacement: 'src' },
      ],
    },
  }

  test('one alias per prefix (package.json, tsconfig, vite order), only those inside the app, most used first', () => {
    expect(rankAliases(sources, ['~/a', '@/b', '~/c', './d', '@tanstack/react-router'])).toEqual([
      { prefix: '~/', target: 'src', declaredIn: 'vite.config.ts', uses: 2 },
      { prefix: '@/', target: 'src', declaredIn: '../../tsconfig.base.json', uses: 1 },
      { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 0 },
      { prefix: '#c/', target: 'src/c', declaredIn: 'package.json#imports', uses: 0 },
    ])
  })

  test('ties keep declaration order', () => {
    expect(rankAliases(sources, []).map((a) => a.prefix)).toEqual(['#/', '#c/', '@/', '~/'])
  })

  test('none declared', () => {
    expect(rankAliases({ root, packageJson: {}, tsconfig: null, vite: null }, ['@/x'])).toEqual([])
  })
})

test('importSpecifiers finds static, side-effect, re-export and dynamic imports', () => {
  const text = `import a from '#/a'\nimport type { B } from "@/b";\nimport './side.css'\nexport { c } from '~/c'\nconst d = await import('./d')\nimport {\n  e,\n} from '../e'\n// from the docs`
  expect(importSpecifiers(text)).toEqual(['#/a', '@/b', './side.css', '~/c', './d', '../e'])
})
