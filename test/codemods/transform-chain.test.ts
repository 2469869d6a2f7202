import { describe, expect, it } from 'vitest'
import { chain, runTransform, type Transform } from '../../src/codemods/transform.js'

describe('chain', () => {
  it('gives each step the file with its own line endings, and adds up changes and notes', () => {
    const seen: string[] = []
    const addLine =
      (line: string): Transform<object> =>
      (file) => {
        seen.push(file.text)
        return { edits: [{ start: file.text.length, end: file.text.length, text: `${line}\n` }], changes: [line] }
      }
    const note: Transform<object> = () => ({ edits: [], notes: ['checked'] })
    const result = runTransform(
      'const a = 1\r\n',
      'a.ts',
      chain(addLine('const b = 2'), note, addLine('const c = 3')),
      {},
    )
    expect(seen).toEqual(['const a = 1\r\n', 'const a = 1\r\nconst b = 2\r\n'])
    expect(result.text).toBe('const a = 1\r\nconst b = 2\r\nconst c = 3\r\n')
    expect(result.changes).toEqual(['const b = 2', 'const c = 3'])
    expect(result.notes).toEqual(['checked'])
  })
})
