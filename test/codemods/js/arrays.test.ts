import { describe, expect, it } from 'vitest'
import ts from '../../../lib/typescript.js'
import { addElements, insertElements, type LastElement } from '../../../src/codemods/js/arrays.js'
import { applyEdits } from '../../../src/codemods/js/edits.js'
import { parse, walk } from '../../../src/codemods/js/parse.js'
import { runTransform, type Transform } from '../../../src/codemods/transform.js'

/** The first array literal of a file. */
function arrayOf(sourceFile: ts.SourceFile): ts.ArrayLiteralExpression {
  return [...walk(sourceFile)].find(ts.isArrayLiteralExpression)!
}

describe('insertElements', () => {
  const insert = (text: string, index: number, items: string[] = ['x', 'y']) => {
    const sourceFile = parse(text, 'a.ts')
    return applyEdits(text, insertElements(text, sourceFile, arrayOf(sourceFile), index, items))
  }

  it('inserts inline in a one-line array, before the element at the index or after the last', () => {
    expect(insert('const l = [a, b]', 0)).toBe('const l = [x, y, a, b]')
    expect(insert('const l = [a, b]', 1)).toBe('const l = [a, x, y, b]')
    expect(insert('const l = [a, b]', 2)).toBe('const l = [a, b, x, y]')
    expect(insert('const l = [a, b,]', 5)).toBe('const l = [a, b, x, y,]')
    expect(insert('const l = [f(), ...rest] as const', 0, ['x'])).toBe('const l = [x, f(), ...rest] as const')
  })

  it('fills an empty array, keeping comments inside', () => {
    expect(insert('const l = []', 0)).toBe('const l = [x, y]')
    expect(insert('const l = [ \n ]', 0)).toBe('const l = [x, y]')
    expect(insert('const l = [/* none yet */]', 0)).toBe('const l = [x, y /* none yet */]')
  })

  it('puts each element on its own line, with the indent of the others, in a multi-line array', () => {
    const text = 'export default {\n  list: [\n    a, // first\n    b,\n  ],\n}\n'
    expect(insert(text, 0)).toBe('export default {\n  list: [\n    x,\n    y,\n    a, // first\n    b,\n  ],\n}\n')
    expect(insert(text, 1)).toBe('export default {\n  list: [\n    a, // first\n    x,\n    y,\n    b,\n  ],\n}\n')
  })

  it('appends after the last element’s comment, with the list’s trailing comma style', () => {
    expect(insert('const l = [\n  a, // keep\n]\n', 1)).toBe('const l = [\n  a, // keep\n  x,\n  y,\n]\n')
    expect(insert('const l = [\n  a // keep\n]\n', 1)).toBe('const l = [\n  a, // keep\n  x,\n  y\n]\n')
  })

  it('keeps a CRLF file CRLF, through the runner', () => {
    const append: Transform<string[]> = ({ text, sourceFile }, items) => ({
      edits: insertElements(text, sourceFile, arrayOf(sourceFile), 1, items),
    })
    const text = 'const l = [\r\n  a, // keep\r\n]\r\n'
    expect(runTransform(text, 'a.ts', append, ['x', 'y']).text).toBe(
      'const l = [\r\n  a, // keep\r\n  x,\r\n  y,\r\n]\r\n',
    )
  })

  it('has nothing to do without items', () => {
    const sourceFile = parse('const l = [a]', 'a.ts')
    expect(insertElements(sourceFile.text, sourceFile, arrayOf(sourceFile), 0, [])).toEqual([])
  })
})

describe('addElements', () => {
  /** Adds `calls` to the first array and keeps the `cookies()` element (or code) last. */
  const add = (text: string, calls: string[], keepLast = true) => {
    const sourceFile = parse(text, 'auth.ts')
    const list = arrayOf(sourceFile)
    const element = list.elements.find((item) => item.getText(sourceFile) === 'cookies()')
    const last: LastElement | null = keepLast ? { element, code: 'cookies()' } : null
    return applyEdits(text, addElements(text, sourceFile, list, calls, last, '  '))
  }

  it('fills an empty list with the calls and the last element', () => {
    expect(add('betterAuth({ plugins: [] })', ['admin()'])).toBe('betterAuth({ plugins: [admin(), cookies()] })')
    expect(add('betterAuth({ plugins: [] })', ['admin()'], false)).toBe('betterAuth({ plugins: [admin()] })')
  })

  it('rewrites a one-line list with the last element moved last', () => {
    expect(add('const plugins = [a(), cookies(), b()]', ['c()'])).toBe('const plugins = [a(), b(), c(), cookies()]')
  })

  it('spreads a one-line list that no longer fits in 80 columns over lines', () => {
    const text = 'const plugins = [organizationPlugin(), adminPluginWithOptions()]\n'
    expect(add(text, ['apiKeyPlugin()'])).toBe(
      'const plugins = [\n  organizationPlugin(),\n  adminPluginWithOptions(),\n  apiKeyPlugin(),\n  cookies(),\n]\n',
    )
  })

  it('adds before the comment lines of a last element already in place', () => {
    const text = 'const plugins = [\n  admin(),\n  // Must stay last\n  cookies(),\n]\n'
    expect(add(text, ['org()'])).toBe('const plugins = [\n  admin(),\n  org(),\n  // Must stay last\n  cookies(),\n]\n')
    expect(add('const plugins = [\n  admin(),\n  cookies(),\n]\n', ['org()'])).toBe(
      'const plugins = [\n  admin(),\n  org(),\n  cookies(),\n]\n',
    )
  })

  it('moves a last element that is not last, with its same-line comment', () => {
    const text = 'const plugins = [\n  cookies(), // last please\n  admin(),\n]\n'
    expect(add(text, [])).toBe('const plugins = [\n  admin(),\n  cookies(), // last please\n]\n')
  })

  it('appends in a multi-line list without a trailing comma, keeping that style', () => {
    expect(add('const plugins = [\n  admin()\n]\n', ['org()'])).toBe(
      'const plugins = [\n  admin(),\n  org(),\n  cookies()\n]\n',
    )
  })

  it('has nothing to do when nothing is missing and the last element is last', () => {
    const sourceFile = parse('const plugins = [a(), cookies()]', 'a.ts')
    const list = arrayOf(sourceFile)
    const last = { element: list.elements[1], code: 'cookies()' }
    expect(addElements(sourceFile.text, sourceFile, list, [], last, '  ')).toEqual([])
  })
})
