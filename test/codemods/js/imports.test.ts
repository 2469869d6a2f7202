import { describe, expect, it } from 'vitest'
import { applyEdits } from '../../../src/codemods/js/edits.js'
import {
  addImportLine,
  addNamedImports,
  type ImportStyle,
  quoted,
  removeUnusedImport,
  wrapLongImports,
} from '../../../src/codemods/js/imports.js'
import { parse } from '../../../src/codemods/js/parse.js'

const STYLE: ImportStyle = { quote: 'single', semicolons: false, indent: '  ' }
const isM = (specifier: string) => specifier === 'm'

function add(text: string, names: string[], style: ImportStyle = STYLE, from = 'm'): string {
  return applyEdits(text, addNamedImports(parse(text, 'a.ts'), { from, names }, style))
}

function drop(text: string, local: string): string {
  return applyEdits(text, removeUnusedImport(parse(text, 'a.ts'), local, isM))
}

describe('addNamedImports', () => {
  it('extends an import of the same module, once per name', () => {
    expect(add("import { a } from 'm'\n", ['b', 'a', 'c'])).toBe("import { a, b, c } from 'm'\n")
    expect(add("import { a } from 'm'\n", ['a'])).toBe("import { a } from 'm'\n")
    expect(add("import {} from 'm'\n", ['b'])).toBe("import { b } from 'm'\n")
  })

  it('keeps a trailing comma, and an import spread over lines one name a line', () => {
    expect(add("import { a, } from 'm'\n", ['b'])).toBe("import { a, b, } from 'm'\n")
    expect(add("import {\n  a,\n} from 'm'\n", ['b', 'c'])).toBe("import {\n  a,\n  b,\n  c,\n} from 'm'\n")
    expect(add("import {\n\ta, // why\n} from 'm'\n", ['b'])).toBe("import {\n\ta, // why\n\tb,\n} from 'm'\n")
  })

  it('adds a line after the last import, in the style, for a module not imported yet (or only as types)', () => {
    const double: ImportStyle = { quote: 'double', semicolons: true, indent: '  ' }
    expect(add("import x from 'y'\n\nx()\n", ['a'], double)).toBe(
      'import x from \'y\'\nimport { a } from "m";\n\nx()\n',
    )
    expect(add("import type { T } from 'm'\n", ['a'])).toBe("import type { T } from 'm'\nimport { a } from 'm'\n")
  })

  it('starts a file without imports, after its directives, with a blank line', () => {
    expect(add('const b = 1\n', ['a'])).toBe("import { a } from 'm'\n\nconst b = 1\n")
    expect(add("'use client'\nconst b = 1\n", ['a'])).toBe("'use client'\nimport { a } from 'm'\n\nconst b = 1\n")
    expect(add('', ['a'])).toBe("import { a } from 'm'\n")
  })

  it('wraps a new import past 80 columns as Prettier does, but never a single name', () => {
    const from = '#/lib/some/rather/long/module/path'
    expect(add('', ['firstLongName', 'secondLongName', 'third'], STYLE, from)).toBe(
      `import {\n  firstLongName,\n  secondLongName,\n  third,\n} from '${from}'\n`,
    )
    const single = `import { aSingleButVeryLongNameThatGoesOnAndOn } from '${from}/and/more/of/it'\n`
    expect(add('', ['aSingleButVeryLongNameThatGoesOnAndOn'], STYLE, `${from}/and/more/of/it`)).toBe(single)
  })
})

describe('addImportLine and quoted', () => {
  it('adds a whole import after the last one, or on top', () => {
    const style: ImportStyle = { ...STYLE, semicolons: true }
    const line = "import Database from 'better-sqlite3'"
    const withImports = "import x from 'y';\nx();\n"
    expect(applyEdits(withImports, addImportLine(parse(withImports, 'a.ts'), line, style))).toBe(
      "import x from 'y';\nimport Database from 'better-sqlite3';\nx();\n",
    )
    expect(applyEdits('x()\n', addImportLine(parse('x()\n', 'a.ts'), line, STYLE))).toBe(`${line}\n\nx()\n`)
  })

  it('quotes in the style', () => {
    expect(quoted('m', { quote: 'single' })).toBe("'m'")
    expect(quoted('m', { quote: 'double' })).toBe('"m"')
  })
})

describe('wrapLongImports', () => {
  const long = "import { firstLongName, secondLongName, thirdLongName } from '#/lib/a/long/path/to/it'"

  it('wraps an import that is new or changed and past 80 columns', () => {
    const after = `${long}\nx()\n`
    expect(applyEdits(after, wrapLongImports(parse(after, 'a.ts'), 'x()\n', STYLE))).toBe(
      "import {\n  firstLongName,\n  secondLongName,\n  thirdLongName,\n} from '#/lib/a/long/path/to/it'\nx()\n",
    )
  })

  it('leaves an import that was there byte for byte, and short ones', () => {
    const after = `${long}\nimport { a } from 'm'\nx()\n`
    expect(wrapLongImports(parse(after, 'a.ts'), `${long}\nx()\n`, STYLE)).toEqual([])
  })
})

describe('removeUnusedImport', () => {
  it('takes the line of an import whose only name is unused', () => {
    expect(drop("import x from 'y'\nimport { a } from 'm'\nx()\n", 'a')).toBe("import x from 'y'\nx()\n")
    expect(drop("import x from 'y'\r\nimport { a } from 'm';\r\nx()\r\n", 'a')).toBe("import x from 'y'\r\nx()\r\n")
  })

  it('takes the blank line a first import was written with, so addNamedImports is undone', () => {
    for (const text of ['const b = 1\n', "'use client'\nconst b = 1\n", 'const b = 1\r\n']) {
      const added = add(text, ['a']).replace(/\r?\n/g, text.includes('\r\n') ? '\r\n' : '\n')
      expect(drop(added, 'a')).toBe(text)
    }
  })

  it('takes the line break before an import on the last line', () => {
    expect(drop("x()\nimport { a } from 'm'", 'a')).toBe('x()')
    expect(drop("x()\r\nimport { a } from 'm'", 'a')).toBe('x()')
  })

  it('takes just the name from an import of several', () => {
    expect(drop("import { a, b } from 'm'\nb()\n", 'a')).toBe("import { b } from 'm'\nb()\n")
    expect(drop("import { b, a } from 'm'\nb()\n", 'a')).toBe("import { b } from 'm'\nb()\n")
    expect(drop("import { b, c as a } from 'm'\nb()\n", 'a')).toBe("import { b } from 'm'\nb()\n")
  })

  it('takes the line of a name on a line of its own, keeping the comments of the others', () => {
    const wrapped = "import {\n  b, // why\n  a,\n} from 'm'\nb()\n"
    expect(drop(wrapped, 'a')).toBe("import {\n  b, // why\n} from 'm'\nb()\n")
    expect(drop("import {\n  b,\n  a\n} from 'm'\nb()\n", 'a')).toBe("import {\n  b\n} from 'm'\nb()\n")
    expect(drop("import {\r\n  a,\r\n  b,\r\n} from 'm'\r\nb()\r\n", 'a')).toBe(
      "import {\r\n  b,\r\n} from 'm'\r\nb()\r\n",
    )
    // what addNamedImports adds to such an import, removeUnusedImport takes back
    const before = "import {\n  b, // why\n} from 'm'\nb()\n"
    expect(drop(add(before, ['a']), 'a')).toBe(before)
  })

  it('keeps a name the file still uses; property names do not count as uses', () => {
    expect(drop("import { a } from 'm'\nconst b = { a }\n", 'a')).toBe("import { a } from 'm'\nconst b = { a }\n")
    expect(drop("import { a } from 'm'\ntype T = a\n", 'a')).toBe("import { a } from 'm'\ntype T = a\n")
    const properties = "import { a } from 'm'\nx.a = { a: 1, a() {} }\n"
    expect(drop(properties, 'a')).toBe('x.a = { a: 1, a() {} }\n')
  })

  it('leaves imports of other modules alone', () => {
    expect(drop("import { a } from 'other'\nx()\n", 'a')).toBe("import { a } from 'other'\nx()\n")
  })
})
