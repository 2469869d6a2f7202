import { describe, expect, it } from 'vitest'
import { isSubsequence, keptProblems, lineEnding, outsideEdits, oversizedEdits, toCRLF, toLF } from './harness.js'

// The harness's own checks must catch what they claim to, or every case suite proves less than it says.

describe('lineEnding, toCRLF, toLF', () => {
  it('tell LF, CRLF, mixed and single-line texts apart, and convert both ways', () => {
    expect(lineEnding('a\nb\n')).toBe('LF')
    expect(lineEnding('a\r\nb\r\n')).toBe('CRLF')
    expect(lineEnding('a\r\nb\n')).toBe('mixed')
    expect(lineEnding('a')).toBe('none')
    expect(toCRLF('a\nb\r\nc')).toBe('a\r\nb\r\nc')
    expect(toLF('a\r\nb\nc')).toBe('a\nb\nc')
  })
})

describe('isSubsequence', () => {
  it('is true when every character comes in order, gaps allowed', () => {
    expect(isSubsequence('[a]', '[x, a]')).toBe(true)
    expect(isSubsequence('', 'abc')).toBe(true)
    expect(isSubsequence('ab', 'ba')).toBe(false)
    expect(isSubsequence('abc', 'ab')).toBe(false)
  })
})

describe('keptProblems', () => {
  const input = "import { a } from 'a'\n\nexport const list = [a]\n"

  it('accepts insertions, and finds removed bytes for every-byte', () => {
    expect(
      keptProblems(input, "import { a } from 'a'\nimport { b } from 'b'\n\nexport const list = [b, a]\n", 'every-byte'),
    ).toEqual([])
    expect(keptProblems(input, "import { a } from 'a'\n\nexport const list = [b]\n", 'every-byte')).toEqual([
      'input bytes were removed or reordered',
    ])
  })

  it('lets every-token reflow whitespace, but not lose code', () => {
    const before = 'const o = { a: 1 }\n'
    expect(keptProblems(before, 'const o = {\n  b: 2,\n  a: 1,\n}\n', 'every-token')).toEqual([])
    expect(keptProblems(before, 'const o = {\n  a: 1,\n}\n', 'every-byte')).toEqual([
      'input bytes were removed or reordered',
    ])
    expect(keptProblems(before, 'const o = {\n  b: 2,\n}\n', 'every-token')).toEqual([
      'input code (whitespace aside) was removed or reordered',
    ])
  })

  it('lets local changes remove code', () => {
    expect(keptProblems(input, "import { a } from 'a'\n\nexport const list = []\n", 'local')).toEqual([])
  })

  it('finds lines that only change whitespace, whatever the mode: re-indented, trimmed, re-ended', () => {
    const file = 'function f() {\n  return 1\n}\nconst b = 2  \nconst c = 3\n'
    for (const keeps of ['every-token', 'local'] as const) {
      expect(keptProblems(file, file.replace('  return', '    return'), keeps)).toEqual([
        'input lines 2-2 only change whitespace: "  return 1\\n"',
      ])
      expect(keptProblems(file, file.replace('2  \n', '2\n'), keeps)).toHaveLength(1)
      expect(keptProblems(file, file.replace('const c = 3\n', 'const c = 3\r\n'), keeps)).toHaveLength(1)
    }
  })

  it('does not count blank lines added next to an insertion as a reformat', () => {
    const file = 'const a = 1\n// the end\n\n\n'
    expect(keptProblems(file, 'const a = 1\n// the end\n\nexport * from "./b"\n\n\n', 'every-byte')).toEqual([])
  })
})

describe('outsideEdits', () => {
  const input = "import { a } from '#/lib/auth/request-middleware'\n\nconst list = [a]\n"
  const edits = [{ start: input.indexOf('a]'), end: input.indexOf('a]'), text: 'b, ' }]

  it('accepts the edits applied, in the file’s line endings, and imports the runner wrapped', () => {
    expect(outsideEdits(input, input.replace('[a]', '[b, a]'), edits, 'a.ts')).toEqual([])
    const crlf = toCRLF(input)
    const crlfEdits = [{ start: crlf.indexOf('a]'), end: crlf.indexOf('a]'), text: 'b,\n' }]
    expect(outsideEdits(crlf, crlf.replace('[a]', '[b,\r\na]'), crlfEdits, 'a.ts')).toEqual([])
    const wrapped = input.replace('{ a }', '{\n  a,\n}').replace('[a]', '[b, a]')
    expect(outsideEdits(input, wrapped, edits, 'a.ts')).toEqual([])
  })

  it('finds any other difference', () => {
    const problem = ['the output differs from the edits applied outside import declarations']
    expect(outsideEdits(input, input.replace('[a]', '[b, a]').replace('const', 'let'), edits, 'a.ts')).toEqual(problem)
    expect(outsideEdits(input, toCRLF(input.replace('[a]', '[b, a]')), edits, 'a.ts')).toEqual(problem)
  })
})

describe('oversizedEdits', () => {
  const input = 'const o = {\n  a: 1,\n  b: 2,\n}\n'
  const line = (text: string) => input.indexOf(text)

  it('accepts insertions, inline replacements and deletions', () => {
    const edits = [
      { start: line('  b'), end: line('  b'), text: '  c: 3,\n' },
      { start: line('1'), end: line('1') + 1, text: '10' },
      { start: line('  b'), end: line('}'), text: '' },
    ]
    expect(oversizedEdits(input, edits)).toEqual([])
  })

  it('finds an edit that re-writes a whole line it leaves as it was, first or last', () => {
    const first = { start: line('  a'), end: line('  b'), text: '  a: 1,\n  c: 3,\n' }
    const last = { start: line('  a'), end: line('}'), text: '  c: 3,\n  b: 2,\n' }
    const all = { start: 0, end: input.length, text: 'const o = {\n  a: 1,\n  c: 3,\n  b: 2,\n}\n' }
    expect(oversizedEdits(input, [first])).toEqual([
      `the edit at ${line('  a')} re-writes its first line unchanged: "  a: 1,\\n"`,
    ])
    expect(oversizedEdits(input, [last])).toHaveLength(1)
    expect(oversizedEdits(input, [all])).toHaveLength(1)
  })

  it('does not count a blank line, or a line the edit starts inside of', () => {
    const blank = 'a\n\nb\n'
    expect(oversizedEdits(blank, [{ start: 2, end: 3, text: '\n' }])).toEqual([])
    expect(oversizedEdits(input, [{ start: line(': 1'), end: line('  b'), text: ': 1,\n  c: 3,\n' }])).toEqual([])
  })
})
