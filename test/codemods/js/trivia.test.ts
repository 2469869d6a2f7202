import { describe, expect, it } from 'vitest'
import ts from '../../../lib/typescript.js'
import { parse } from '../../../src/codemods/js/parse.js'
import {
  commaAfter,
  eolOf,
  indentAt,
  leadingCommentStart,
  lineEnd,
  lineEndAfter,
  lineStart,
  sameLineComment,
  skipTrivia,
  startsLine,
} from '../../../src/codemods/js/trivia.js'

describe('skipTrivia', () => {
  it('skips whitespace, line and block comments, CRLF and a BOM', () => {
    expect(skipTrivia('  \t\n  x', 0)).toBe(6)
    const text = 'a, // one\r\n  /* two */ b'
    expect(skipTrivia(text, 2)).toBe(text.indexOf('b'))
    expect(skipTrivia('\uFEFFimport', 0)).toBe(1)
  })

  it('stops at code, and at the end of the text', () => {
    expect(skipTrivia('a / b', 1)).toBe(2)
    expect(skipTrivia('x // comment', 1)).toBe(12)
    expect(skipTrivia('x /* unclosed', 1)).toBe(13)
  })
})

describe('lineEndAfter', () => {
  it('finds the line break when only whitespace or comments follow', () => {
    expect(lineEndAfter('{  \n  a', 1)).toBe(3)
    expect(lineEndAfter('{ // open\n', 1)).toBe(9)
    expect(lineEndAfter('{ /* a */ /* b */\n', 1)).toBe(17)
  })

  it('gives the index of the \\n of a CRLF line, so that inserting after it starts the next line', () => {
    const text = 'a,\r\n  b'
    expect(lineEndAfter(text, 2)).toBe(3)
    expect(text.slice(lineEndAfter(text, 2) + 1)).toBe('  b')
  })

  it('is -1 when code follows, a block comment spans lines, or the text ends first', () => {
    expect(lineEndAfter('{ a: 1 }\n', 1)).toBe(-1)
    expect(lineEndAfter('{ /* a\n */\n', 1)).toBe(-1)
    expect(lineEndAfter('{  ', 1)).toBe(-1)
    expect(lineEndAfter('{ // open', 1)).toBe(-1)
  })
})

describe('lineStart, lineEnd, startsLine', () => {
  const text = 'one\n  two\r\nthree'

  it('bound the line holding a position', () => {
    expect(lineStart(text, 6)).toBe(4)
    expect(lineStart(text, 0)).toBe(0)
    expect(lineStart(text, 4)).toBe(4)
    expect(lineEnd(text, 6)).toBe(10)
    expect(lineEnd(text, 12)).toBe(text.length)
  })

  it('lineEnd of a CRLF line is its \\n, the \\r stays inside the line', () => {
    expect(text.slice(lineStart(text, 6), lineEnd(text, 6))).toBe('  two\r')
  })

  it('startsLine is true only after indentation', () => {
    expect(startsLine(text, 6)).toBe(true)
    expect(startsLine(text, 0)).toBe(true)
    expect(startsLine(text, 7)).toBe(false)
  })
})

describe('eolOf', () => {
  it('is CRLF as soon as the text has one, else LF', () => {
    expect(eolOf('a\r\nb\r\n')).toBe('\r\n')
    expect(eolOf('a\nb\r\n')).toBe('\r\n')
    expect(eolOf('a\nb')).toBe('\n')
    expect(eolOf('')).toBe('\n')
  })
})

describe('indentAt', () => {
  it('is the leading spaces or tabs of the line, wherever the position is on it', () => {
    expect(indentAt('a\n    b: 1', 9)).toBe('    ')
    expect(indentAt('a\r\n\t\tb', 5)).toBe('\t\t')
    expect(indentAt('b', 0)).toBe('')
  })
})

describe('leadingCommentStart', () => {
  it('starts at the first comment above a node, or at the node', () => {
    const text = 'const a = 1\n\n// why\n/** doc */\nconst b = 2\n'
    const [first, second] = parse(text, 'a.ts').statements
    expect(leadingCommentStart(text, second!)).toBe(text.indexOf('// why'))
    expect(leadingCommentStart(text, first!)).toBe(0)
  })
})

describe('commaAfter', () => {
  const text = '[a /* one */ , b // two\n]'
  const list = (parse(`x = ${text}`, 'a.ts').statements[0] as ts.ExpressionStatement).expression as ts.BinaryExpression
  const [a, b] = (list.right as ts.ArrayLiteralExpression).elements

  it('finds the comma after a list member across comments, or -1', () => {
    expect(commaAfter(`x = ${text}`, a!)).toBe(`x = ${text}`.indexOf(','))
    expect(commaAfter(`x = ${text}`, b!)).toBe(-1)
  })
})

describe('sameLineComment', () => {
  it('finds a // or one-line /* */ comment after a position on its line', () => {
    expect(sameLineComment('a, // first\nb', 2)).toEqual({ end: 11, comment: '// first' })
    expect(sameLineComment('a, /* first */ b', 2)).toEqual({ end: 14, comment: '/* first */' })
  })

  it('ends a comment of a CRLF line before its \\r', () => {
    const text = 'a, // first\r\nb'
    expect(sameLineComment(text, 2)).toEqual({ end: 11, comment: '// first' })
    expect(text.slice(sameLineComment(text, 2).end)).toBe('\r\nb')
  })

  it('finds nothing when code, a line break or a multi-line comment comes first', () => {
    expect(sameLineComment('a, b // c', 2)).toEqual({ end: 2, comment: '' })
    expect(sameLineComment('a,\n// c', 2)).toEqual({ end: 2, comment: '' })
    expect(sameLineComment('a, /* c\n */', 2)).toEqual({ end: 2, comment: '' })
  })
})
