import { describe, expect, it } from 'vitest'
import { applyEdits, withLineEndings } from '../../../src/codemods/js/edits.js'

describe('applyEdits', () => {
  it('keeps every byte outside the edited spans, whatever order the edits come in', () => {
    expect(
      applyEdits('a c e', [
        { start: 4, end: 5, text: 'E' },
        { start: 2, end: 2, text: 'b ' },
      ]),
    ).toBe('a b c E')
  })

  it('keeps the order of insertions at the same position', () => {
    expect(
      applyEdits('[]', [
        { start: 1, end: 1, text: 'a' },
        { start: 1, end: 1, text: ', b' },
      ]),
    ).toBe('[a, b]')
  })

  it('replaces and deletes spans, and leaves a text alone without edits', () => {
    expect(applyEdits('const a = 1', [{ start: 6, end: 7, text: 'answer' }])).toBe('const answer = 1')
    expect(applyEdits('a, b', [{ start: 1, end: 4, text: '' }])).toBe('a')
    expect(applyEdits('x\r\n', [])).toBe('x\r\n')
  })

  it('refuses overlapping edits instead of guessing', () => {
    expect(() =>
      applyEdits('abc', [
        { start: 0, end: 2, text: '' },
        { start: 1, end: 3, text: '' },
      ]),
    ).toThrow(/overlapping edits at 1/)
  })
})

describe('withLineEndings', () => {
  it('writes the line breaks of new text as the file does', () => {
    const edits = [{ start: 3, end: 3, text: '\nimport {\n  a,\n} from "m"' }]
    expect(withLineEndings(edits, '\r\n')[0]!.text).toBe('\r\nimport {\r\n  a,\r\n} from "m"')
    expect(withLineEndings(edits, '\n')).toEqual(edits)
  })

  it('never doubles a CRLF already there, and turns it into LF for an LF file', () => {
    const edits = [{ start: 0, end: 1, text: 'a\r\nb\nc' }]
    expect(withLineEndings(edits, '\r\n')[0]!.text).toBe('a\r\nb\r\nc')
    expect(withLineEndings(edits, '\n')[0]!.text).toBe('a\nb\nc')
  })

  it('keeps the spans and leaves the given edits untouched', () => {
    const edits = [{ start: 2, end: 5, text: 'x\ny' }]
    expect(withLineEndings(edits, '\r\n')).toEqual([{ start: 2, end: 5, text: 'x\r\ny' }])
    expect(edits[0]!.text).toBe('x\ny')
  })
})
