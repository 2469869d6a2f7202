import { describe, expect, it } from 'vitest'
import ts from '../../../lib/typescript.js'
import { applyEdits } from '../../../src/codemods/js/edits.js'
import {
  addProperties,
  findProperty,
  hasSpread,
  insertProperty,
  propertyName,
  propertyValue,
  removeProperty,
} from '../../../src/codemods/js/objects.js'
import { parse, walk } from '../../../src/codemods/js/parse.js'

/** The file's first object literal (outermost first). */
function firstObject(text: string) {
  const sourceFile = parse(text, 'a.ts')
  const object = [...walk(sourceFile)].find(ts.isObjectLiteralExpression)
  if (!object) throw new Error(`no object literal in ${text}`)
  return { sourceFile, object }
}

function insert(text: string, after: string[] = [], property = 'p: 1'): string {
  const { sourceFile, object } = firstObject(text)
  return applyEdits(text, insertProperty(text, sourceFile, object, property, '  ', new Set(after)))
}

function remove(text: string, name: string): string {
  const { sourceFile, object } = firstObject(text)
  const member = findProperty(object, name)
  if (!member) throw new Error(`no ${name} in ${text}`)
  return applyEdits(text, removeProperty(text, sourceFile, object, member))
}

describe('propertyName, findProperty, propertyValue, hasSpread', () => {
  it('read static names and leave computed ones out', () => {
    const { object } = firstObject("x = { a: 1, 'b-c': 2, 3: 3, [k]: 4, d, e() {}, get f() { return 1 }, ...g }")
    const names = object.properties.map((member) => (member.name ? propertyName(member.name) : null))
    expect(names).toEqual(['a', 'b-c', '3', undefined, 'd', 'e', 'f', null])
    expect(findProperty(object, 'b-c')?.getText()).toBe("'b-c': 2")
    expect(findProperty(object, 'e')?.getText()).toBe('e() {}')
    expect(findProperty(object, 'k')).toBeUndefined()
    expect(hasSpread(object)).toBe(true)
    expect(hasSpread(firstObject('x = { a }').object)).toBe(false)
  })

  it('resolves a value through wrappers and same-file consts; methods have none', () => {
    const { object } = firstObject(
      'x = { a: (list as string[]), b, c() {} }\nconst list = ["x"]\nconst b = other\nconst other = 2',
    )
    expect(propertyValue(findProperty(object, 'a')!)?.getText()).toBe('["x"]')
    expect(propertyValue(findProperty(object, 'b')!)?.getText()).toBe('2')
    expect(propertyValue(findProperty(object, 'c')!)).toBeNull()
  })
})

describe('insertProperty', () => {
  it('fills an empty object inline', () => {
    expect(insert('x = {}')).toBe('x = { p: 1 }')
    expect(insert('x = {  }')).toBe('x = { p: 1 }')
  })

  it('puts the property first in an object that only holds comments', () => {
    expect(insert('x = {\n  // later\n}')).toBe('x = {\n  p: 1,\n  // later\n}')
    expect(insert('x = { /* later */ }')).toBe('x = { p: 1 /* later */ }')
  })

  it('adds its own line, first or after the last anchor, in a multi-line object', () => {
    expect(insert('x = {\n  a: 1,\n  b: 2,\n}')).toBe('x = {\n  p: 1,\n  a: 1,\n  b: 2,\n}')
    expect(insert('x = {\n  a: 1,\n  b: 2,\n  c: 3,\n}', ['a', 'b'])).toBe(
      'x = {\n  a: 1,\n  b: 2,\n  p: 1,\n  c: 3,\n}',
    )
    // the anchor's comment stays on its line
    expect(insert('x = {\n  a: 1, // why\n  b: 2,\n}', ['a'])).toBe('x = {\n  a: 1, // why\n  p: 1,\n  b: 2,\n}')
  })

  it('gives a last anchor without a comma one, and takes none itself', () => {
    expect(insert('x = {\n    a: 1\n}', ['a'])).toBe('x = {\n    a: 1,\n    p: 1\n}')
  })

  it('writes inline in a one-line object', () => {
    expect(insert('x = { a: 1, b: 2 }')).toBe('x = { p: 1, a: 1, b: 2 }')
    expect(insert('x = { a: 1, b: 2 }', ['a'])).toBe('x = { a: 1, p: 1, b: 2 }')
    expect(insert('x = { a: 1 }', ['a'])).toBe('x = { a: 1, p: 1 }')
  })

  it('keeps CRLF line endings and tab indents', () => {
    expect(insert('x = {\r\n\ta: 1,\r\n}', ['a'])).toBe('x = {\r\n\ta: 1,\r\n\tp: 1,\r\n}')
    expect(insert('x = {\r\n\ta: 1,\r\n}')).toBe('x = {\r\n\tp: 1,\r\n\ta: 1,\r\n}')
  })

  it('is undone by removeProperty, byte for byte', () => {
    const shapes = [
      'x = {}',
      'x = {\n  // later\n}',
      'x = {\n  a: 1,\n  b: 2,\n}',
      'x = {\n    a: 1\n}',
      'x = { a: 1, b: 2 }',
      'x = { a: 1 }',
      'x = {\r\n\ta: 1,\r\n}',
    ]
    for (const text of shapes) {
      for (const after of [[], ['a']]) expect(remove(insert(text, after), 'p')).toBe(text)
    }
  })
})

describe('removeProperty', () => {
  it('takes a property on its own line with its line', () => {
    expect(remove('x = {\n  a: 1,\n  b: 2,\n}', 'a')).toBe('x = {\n  b: 2,\n}')
    expect(remove('x = {\r\n  a: 1,\r\n  b: 2,\r\n}', 'a')).toBe('x = {\r\n  b: 2,\r\n}')
  })

  it('takes the comma before a last property that had none', () => {
    expect(remove('x = {\n  a: 1,\n  b: 2\n}', 'b')).toBe('x = {\n  a: 1\n}')
  })

  it('takes an inline property with its comma, up to what follows', () => {
    expect(remove('x = { a: 1, b: 2 }', 'a')).toBe('x = { b: 2 }')
    expect(remove('x = { a: 1, b: 2 }', 'b')).toBe('x = { a: 1 }')
    expect(remove('x = { a: 1, b: 2, }', 'b')).toBe('x = { a: 1, }')
  })

  it('empties an object, keeping comments that share its braces', () => {
    expect(remove('x = { a: 1 }', 'a')).toBe('x = {}')
    expect(remove('x = { /* keep */ a: 1 }', 'a')).toBe('x = { /* keep */ }')
  })
})

describe('addProperties', () => {
  const add = (text: string, first: string[][], last: string[][]) => {
    const { sourceFile, object } = firstObject(text)
    return applyEdits(text, addProperties(text, sourceFile, object, first, last, '  '))
  }

  it('adds first and last properties to a multi-line object, with their inner lines', () => {
    expect(add('x = {\n  a: 1,\n}', [['p: 1']], [['q: [', '  1,', ']']])).toBe(
      'x = {\n  p: 1,\n  a: 1,\n  q: [\n    1,\n  ],\n}',
    )
    // a comma for the last property that had none, after its same-line comment
    expect(add('x = {\n  a: 1 // why\n}', [], [['q: 2']])).toBe('x = {\n  a: 1, // why\n  q: 2,\n}')
  })

  it('spreads a one-line or empty object over lines first', () => {
    expect(add('x = { a: 1, b: 2 }', [], [['q: 2']])).toBe('x = {\n  a: 1,\n  b: 2,\n  q: 2,\n}')
    expect(add('x = {}', [['p: 1']], [])).toBe('x = {\n  p: 1,\n}')
  })

  it('changes nothing when there is nothing to add', () => {
    expect(add('x = { a: 1 }', [], [])).toBe('x = { a: 1 }')
  })
})
