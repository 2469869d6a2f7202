import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyEdits } from '../../../src/codemods/js/edits.js'
import { addImportLine, addNamedImports, type ImportStyle } from '../../../src/codemods/js/imports.js'
import { parse } from '../../../src/codemods/js/parse.js'
import { importGroup, naturalCompare, sortImportBlock } from '../../../src/codemods/js/sort-imports.js'
import { formatCode } from '../../../src/core/format.js'
import { biomeStyle, configuredFormatter, formatterStyle } from '../../../src/project/style-config.js'

const SORTED: ImportStyle = { quote: 'single', semicolons: false, indent: '  ', sortImports: true }

describe("Biome's import order", () => {
  it('groups by distance: URLs, protocols, packages, aliases, paths', () => {
    const sources = ['./a', '#/lib/auth', 'react', 'node:path', 'https://x.dev/m.js', '@/lib', '../b', '@scope/pkg']
    expect([...sources].sort((a, b) => importGroup(a) - importGroup(b) || naturalCompare(a, b))).toEqual([
      'https://x.dev/m.js',
      'node:path',
      '@scope/pkg',
      'react',
      '#/lib/auth',
      '@/lib',
      '../b',
      './a',
    ])
  })

  it('compares naturally: A < a < a9 < a10 < B < b', () => {
    expect(['b', 'a10', 'B', 'a9', 'a', 'A'].sort(naturalCompare)).toEqual(['A', 'a', 'a9', 'a10', 'B', 'b'])
  })

  it('sorts the leading import block and the names in each import, a type-only import first', () => {
    const text = [
      "import { auth } from './auth'",
      "import { verify, isToken } from './api-tokens'",
      "import type { Grant } from './api-tokens'",
      "import { redirect, notFound } from '@tanstack/react-router'",
      '',
      'export const x = 1',
      '',
    ].join('\n')
    expect(sortImportBlock(text, 'a.ts')).toBe(
      [
        "import { notFound, redirect } from '@tanstack/react-router'",
        "import type { Grant } from './api-tokens'",
        "import { isToken, verify } from './api-tokens'",
        "import { auth } from './auth'",
        '',
        'export const x = 1',
        '',
      ].join('\n'),
    )
  })

  it('leaves a block with a side-effect import or comments between imports as it is', () => {
    const withCss = "import './styles.css'\nimport b from 'b'\nimport a from 'a'\n"
    expect(sortImportBlock(withCss, 'a.ts')).toBe(withCss)
    const withComment = "import b from 'b'\n// a comes second here\nimport a from 'a'\n"
    expect(sortImportBlock(withComment, 'a.ts')).toBe(withComment)
  })

  it('is what formatCode applies for an app whose Biome sorts imports', async () => {
    const source = "import { b } from './b'\nimport { a } from 'a'\n\nexport const c = [a, b]\n"
    const style = { quote: 'double', semicolons: true, indent: '\t', source: 'biome', sortImports: true } as const
    expect(await formatCode(source, 'x.ts', style)).toBe(
      'import { a } from "a";\nimport { b } from "./b";\n\nexport const c = [a, b];\n',
    )
    expect(await formatCode(source, 'x.ts', { ...style, sortImports: false })).toContain(
      'import { b } from "./b";\nimport',
    )
  })
})

describe('imports added to an app that sorts them', () => {
  const add = (text: string, from: string, names: string[]) =>
    applyEdits(text, addNamedImports(parse(text, 'a.ts'), { from, names }, SORTED))

  it('puts a new import where Biome puts it', () => {
    const text = "import { a } from 'a'\nimport { c } from './c'\n\nexport {}\n"
    expect(add(text, 'b', ['b'])).toBe(
      "import { a } from 'a'\nimport { b } from 'b'\nimport { c } from './c'\n\nexport {}\n",
    )
    expect(add(text, './d', ['d'])).toBe(
      "import { a } from 'a'\nimport { c } from './c'\nimport { d } from './d'\n\nexport {}\n",
    )
    expect(applyEdits(text, addImportLine(parse(text, 'a.ts'), "import Database from 'better-sqlite3'", SORTED))).toBe(
      "import { a } from 'a'\nimport Database from 'better-sqlite3'\nimport { c } from './c'\n\nexport {}\n",
    )
  })

  it('adds names in natural order, on one line while it fits and one per line past 80 columns', () => {
    expect(add("import { b, d } from 'm'\n", 'm', ['c', 'a'])).toBe("import { a, b, c, d } from 'm'\n")
    const long = ['alphaAlphaAlpha', 'betaBetaBeta', 'gammaGammaGamma', 'deltaDeltaDelta']
    expect(add(`import { ${long.slice(0, 2).join(', ')} } from 'module'\n`, 'module', long.slice(2))).toBe(
      "import {\n  alphaAlphaAlpha,\n  betaBetaBeta,\n  deltaDeltaDelta,\n  gammaGammaGamma,\n} from 'module'\n",
    )
  })
})

describe('which formatter an app configures', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  const app = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-formatter-'))
    dirs.push(dir)
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
    return dir
  }

  it('Prettier, Biome or oxfmt by their config files; none without one', async () => {
    expect(await configuredFormatter([app({ 'package.json': '{}', '.prettierrc': '{}' })])).toBe('prettier')
    expect(await configuredFormatter([app({ 'package.json': '{"prettier":{"semi":false}}' })])).toBe('prettier')
    expect(await configuredFormatter([app({ 'package.json': '{}', 'biome.jsonc': '{}' })])).toBe('biome')
    expect(await configuredFormatter([app({ 'package.json': '{}', '.oxfmtrc.json': '{}' })])).toBe('oxfmt')
    expect(await configuredFormatter([app({ 'package.json': '{}' })])).toBeNull()
  })

  it("oxfmt's style: Prettier's options with its line width of 100", async () => {
    const dir = app({ 'package.json': '{}', '.oxfmtrc.json': '{"semi":false,"singleQuote":true}' })
    expect(await formatterStyle([dir])).toEqual({
      quote: 'single',
      semicolons: false,
      indent: '  ',
      source: 'oxfmt',
      printWidth: 100,
    })
  })

  it('Biome sorts imports unless its config turns organizeImports off; its lineWidth is the print width', () => {
    expect(biomeStyle({}).sortImports).toBe(true)
    expect(biomeStyle({ assist: { actions: { source: { organizeImports: 'off' } } } }).sortImports).toBe(false)
    expect(biomeStyle({ assist: { enabled: false } }).sortImports).toBe(false)
    expect(biomeStyle({ organizeImports: { enabled: false } }).sortImports).toBe(false)
    expect(biomeStyle({ formatter: { lineWidth: 120 } }).printWidth).toBe(120)
  })
})
