import { describe, expect, it } from 'vitest'
import { KitError } from '../../src/core/errors.js'
import { addNamedImports, type ImportStyle } from '../../src/codemods/js/imports.js'
import { chain, parseOrRefuse, refuse, Refusal, runTransform, type Transform } from '../../src/codemods/transform.js'

const STYLE: ImportStyle = { quote: 'single', semicolons: false, indent: '  ' }

/** Appends a line at the end of the file (written with `\n`, as every transform writes). */
const appendLine: Transform<string> = ({ text }, line) => ({
  edits: [{ start: text.length, end: text.length, text: `${line}\n` }],
  notes: [`added ${line}`],
  changes: [line],
})

/** Imports names from a module. */
const importNames: Transform<{ from: string; names: string[] }> = ({ sourceFile }, wanted) => ({
  edits: addNamedImports(sourceFile, wanted, STYLE),
})

describe('runTransform', () => {
  it('applies the edits and says what changed, with the notes, changes and data of the transform', () => {
    const withData: Transform<string, { count: number }> = (file, line) => ({
      ...appendLine(file, line),
      data: { count: 1 },
    })
    const result = runTransform('const a = 1\n', 'a.ts', withData, 'const b = 2')
    expect(result).toEqual({
      text: 'const a = 1\nconst b = 2\n',
      changed: true,
      notes: ['added const b = 2'],
      changes: ['const b = 2'],
      data: { count: 1 },
    })
    const none = runTransform('const a = 1\n', 'a.ts', () => ({ edits: [] }), undefined)
    expect(none).toEqual({ text: 'const a = 1\n', changed: false, notes: [], changes: [], data: undefined })
  })

  it('refuses a file that does not parse, with file:line:column, the parser’s message and what to do', () => {
    let transformed = false
    const spy: Transform<undefined> = () => {
      transformed = true
      return { edits: [] }
    }
    const run = () =>
      runTransform('const a = 1\nexport const b = {\n', 'src/start.ts', spy, undefined, {
        rerun: 'run kit-auth init again',
      })
    expect(run).toThrow(Refusal)
    expect(run).toThrow(/^src\/start\.ts:3:1 does not parse: '}' expected\.$/)
    try {
      run()
    } catch (error) {
      expect((error as KitError).hint).toBe(
        'Fix the syntax error, then run kit-auth init again; kit-auth edits only files it can read.',
      )
    }
    expect(transformed).toBe(false)
  })

  it('writes the edits’ line breaks as the file’s: a CRLF file stays CRLF', () => {
    const text = 'const a = 1\r\n'
    const result = runTransform(text, 'a.ts', appendLine, 'const b = {\n  c: 1,\n}')
    expect(result.text).toBe('const a = 1\r\nconst b = {\r\n  c: 1,\r\n}\r\n')
    expect(result.text.replace(/\r\n/g, '')).not.toContain('\n')
  })

  it('throws a kit-auth bug, not a refusal, when a transform leaves the file unparsable', () => {
    const breaks: Transform<undefined> = ({ text }) => ({
      edits: [{ start: text.length, end: text.length, text: 'const = ' }],
    })
    expect(() => runTransform('const a = 1\n', 'src/a.ts', breaks, undefined)).toThrow(
      /^kit-auth bug: editing src\/a\.ts left it unparsable at 2:7 \(Variable declaration expected\.\)$/,
    )
    try {
      runTransform('const a = 1\n', 'src/a.ts', breaks, undefined)
    } catch (error) {
      expect(error).not.toBeInstanceOf(KitError)
    }
  })

  it('wraps, given a style, only the imports the edits made longer than 80 columns', () => {
    const long = "import { somethingQuiteLong, anotherLongName } from '#/lib/some/deeply/nested/module'"
    const text = `${long}\nimport { a } from '#/lib/auth/request-middleware'\n`
    const names = ['securityHeadersMiddleware', 'csrfMiddleware']
    const wanted = { from: '#/lib/auth/request-middleware', names }
    const wrapped = runTransform(text, 'a.ts', importNames, wanted, { style: STYLE }).text
    expect(wrapped).toBe(
      `${long}\nimport {\n  a,\n  securityHeadersMiddleware,\n  csrfMiddleware,\n} from '${wanted.from}'\n`,
    )
    // without a style, the edited import stays on its line; untouched long imports always do
    const plain = runTransform(text, 'a.ts', importNames, wanted).text
    expect(plain).toBe(
      `${long}\nimport { a, securityHeadersMiddleware, csrfMiddleware } from '#/lib/auth/request-middleware'\n`,
    )
    expect(runTransform(text, 'a.ts', appendLine, 'const b = 1', { style: STYLE }).text).toBe(`${text}const b = 1\n`)
  })

  it('wraps with the file’s line endings', () => {
    const text = "import { a } from '#/lib/auth/request-middleware'\r\n"
    const wanted = { from: '#/lib/auth/request-middleware', names: ['securityHeadersMiddleware', 'csrfMiddleware'] }
    expect(runTransform(text, 'a.ts', importNames, wanted, { style: STYLE }).text).toBe(
      `import {\r\n  a,\r\n  securityHeadersMiddleware,\r\n  csrfMiddleware,\r\n} from '${wanted.from}'\r\n`,
    )
  })
})

describe('chain', () => {
  it('runs each step on the text the previous one left, re-parsed, as one edit', () => {
    const seen: string[] = []
    const record: Transform<string> = ({ sourceFile }) => {
      seen.push(sourceFile.statements.map((statement) => statement.getText()).join(' | '))
      return { edits: [] }
    }
    const both = chain(appendLine, record, appendLine)
    const result = runTransform('const a = 1\n', 'a.ts', both, 'const b = 2')
    expect(seen).toEqual(['const a = 1 | const b = 2'])
    expect(result.text).toBe('const a = 1\nconst b = 2\nconst b = 2\n')
    expect(result.notes).toEqual(['added const b = 2', 'added const b = 2'])
    expect(result.changes).toEqual(['const b = 2', 'const b = 2'])
  })

  it('gives one edit spanning only what the steps changed', () => {
    const rename: Transform<string> = ({ text }) => ({
      edits: [{ start: text.indexOf('old'), end: text.indexOf('old') + 3, text: 'renamed' }],
    })
    const file = 'const old = 1\nconst keep = 2\n'
    const { edits } = chain(rename, appendLine)(
      { text: file, fileName: 'a.ts', sourceFile: parseOrRefuse(file, 'a.ts') },
      'x()',
    )
    // from the first change to the last, the common start and end left out
    expect(edits).toEqual([{ start: 6, end: file.length - 1, text: 'renamed = 1\nconst keep = 2\nx()' }])
    expect(
      chain(() => ({ edits: [] }))({ text: file, fileName: 'a.ts', sourceFile: parseOrRefuse(file, 'a.ts') }, undefined)
        .edits,
    ).toEqual([])
  })

  it('keeps a CRLF file CRLF across its steps', () => {
    const result = runTransform('const a = 1\r\n', 'a.ts', chain(appendLine, appendLine), 'f({\n  b: 1,\n})')
    expect(result.text).toBe('const a = 1\r\nf({\r\n  b: 1,\r\n})\r\nf({\r\n  b: 1,\r\n})\r\n')
  })

  it('gives each step the file with its own line endings, not the \\n the steps before wrote', () => {
    const seen: string[] = []
    const record: Transform<string> = ({ text }) => {
      seen.push(text)
      return { edits: [] }
    }
    runTransform('const a = 1\r\n', 'a.ts', chain(appendLine, record), 'const b = 2')
    expect(seen).toEqual(['const a = 1\r\nconst b = 2\r\n'])
  })

  it('refuses as a whole when a step refuses', () => {
    const no: Transform<string> = ({ fileName }) => {
      throw refuse(fileName, 'no betterAuth(...) call found', 'Create the instance first.')
    }
    expect(() => runTransform('const a = 1\n', 'src/auth.ts', chain(appendLine, no), 'b')).toThrow(
      'src/auth.ts: no betterAuth(...) call found',
    )
  })
})

describe('refuse and parseOrRefuse', () => {
  it('make refusals that are KitErrors, named after the file, with a hint', () => {
    const refusal = refuse('src/a.ts', 'no createStart(...) call found', 'Add it by hand.', { candidates: ['x'] })
    expect(refusal).toBeInstanceOf(KitError)
    expect(refusal.name).toBe('Refusal')
    expect(refusal.message).toBe('src/a.ts: no createStart(...) call found')
    expect(refusal.hint).toBe('Add it by hand.')
    expect(refusal.details).toEqual({ candidates: ['x'] })
  })

  it('parseOrRefuse gives the tree of a file that parses', () => {
    expect(parseOrRefuse('export const a = 1', 'a.ts').statements).toHaveLength(1)
    expect(() => parseOrRefuse('<div>', 'page.ts')).toThrow(/^page\.ts:1:\d+ does not parse/)
  })
})
