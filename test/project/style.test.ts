import { describe, expect, test } from 'vitest'
import { biomeStyle, editorconfigIndent, prettierStyle, staticConfig } from '../../src/project/style-config.js'
import { DEFAULT_STYLE, detectStyle, sampleStyle } from '../../src/project/style.js'
import { makeTree } from './helpers.js'

describe('formatter configs', () => {
  test('prettier defaults apply to omitted keys', () => {
    expect(prettierStyle({})).toEqual({ quote: 'double', semicolons: true, indent: '  ', source: 'prettier' })
    expect(prettierStyle({ singleQuote: true, semi: false, tabWidth: 4 })).toEqual({
      quote: 'single',
      semicolons: false,
      indent: '    ',
      source: 'prettier',
    })
    expect(prettierStyle({ useTabs: true }).indent).toBe('\t')
  })

  test('biome defaults and overrides', () => {
    expect(biomeStyle({})).toEqual({
      quote: 'double',
      semicolons: true,
      indent: '\t',
      source: 'biome',
      sortImports: true,
    })
    expect(
      biomeStyle({
        formatter: { indentStyle: 'space', indentWidth: 4 },
        javascript: { formatter: { quoteStyle: 'single', semicolons: 'asNeeded', indentWidth: 2 } },
      }),
    ).toEqual({ quote: 'single', semicolons: false, indent: '  ', source: 'biome', sortImports: true })
  })

  test('staticConfig reads YAML, JSON5 and literal JS exports without running them', () => {
    expect(staticConfig('semi: false\nsingleQuote: true\n', '.prettierrc')).toEqual({ semi: false, singleQuote: true })
    expect(staticConfig('{ "semi": false }', '.prettierrc')).toEqual({ semi: false })
    expect(staticConfig('{ semi: false, // no\n tabWidth: 4, }', '.prettierrc.json5')).toEqual({
      semi: false,
      tabWidth: 4,
    })
    expect(
      staticConfig(
        '/** @type {import("prettier").Config} */\nconst config = { semi: false, plugins: [x] }\nexport default config',
        'prettier.config.mjs',
      ),
    ).toEqual({ semi: false })
    expect(staticConfig('module.exports = { singleQuote: true }', '.prettierrc.cjs')).toEqual({ singleQuote: true })
    expect(staticConfig("module.exports = require('@acme/prettier')", '.prettierrc.cjs')).toBeNull()
  })

  test('editorconfigIndent', () => {
    expect(
      editorconfigIndent('root = true\n[*]\nindent_style = space\nindent_size = 4\n[*.md]\nindent_size = 2\n'),
    ).toBe('    ')
    expect(editorconfigIndent('[*.{ts,tsx}]\nindent_style = tab\n')).toBe('\t')
    expect(editorconfigIndent('[*]\ncharset = utf-8\n')).toBeNull()
  })
})

test('sampleStyle reads import lines and indentation steps', () => {
  expect(
    sampleStyle([
      'import a from "a";\nimport {\n    b,\n} from "b";\nfunction f() {\n    if (x) {\n        y();\n    }\n}\n',
    ]),
  ).toEqual({ quote: 'double', semicolons: true, indent: '    ' })
  expect(sampleStyle(["import a from 'a'\nfunction f() {\n\treturn 1\n}\n"])).toEqual({
    quote: 'single',
    semicolons: false,
    indent: '\t',
  })
  expect(sampleStyle([])).toEqual({ quote: undefined, semicolons: undefined, indent: undefined })
})

describe('detectStyle', () => {
  const sample = ["import a from 'a'\nif (a) {\n  b()\n}\n"]

  test('a prettier config in package.json wins, searched up to the workspace root', async () => {
    const ws = await makeTree({
      'package.json': '{ "prettier": { "semi": false } }',
      'app/package.json': '{ "prettier": "@acme/prettier-config" }',
    })
    expect(await detectStyle([`${ws}/app`, ws], sample)).toEqual({
      quote: 'double',
      semicolons: false,
      indent: '  ',
      source: 'prettier',
    })
  })

  test('biome.jsonc', async () => {
    const root = await makeTree({
      'biome.jsonc': '{ // biome\n "javascript": { "formatter": { "quoteStyle": "single" } }, }',
    })
    expect(await detectStyle([root], sample)).toEqual({
      quote: 'single',
      semicolons: true,
      indent: '\t',
      source: 'biome',
      sortImports: true,
    })
  })

  test('.editorconfig indent plus sampled quotes and semicolons', async () => {
    const root = await makeTree({ '.editorconfig': '[*]\nindent_size = 4\n' })
    expect(await detectStyle([root], sample)).toEqual({
      quote: 'single',
      semicolons: false,
      indent: '    ',
      source: 'editorconfig',
    })
  })

  test('sampled, else the default', async () => {
    const root = await makeTree({})
    expect(await detectStyle([root], ['import a from "a";\n'])).toEqual({
      quote: 'double',
      semicolons: true,
      indent: '  ',
      source: 'sampled',
    })
    expect(await detectStyle([root], [])).toEqual(DEFAULT_STYLE)
  })
})
