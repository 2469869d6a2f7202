import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  appendDeclarations,
  type AppendOptions,
  type Declaration,
} from '../../../src/codemods/module/append-declarations.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth/guards.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

describeCases('appendDeclarations cases', {
  dir: fileURLToPath(new URL('./append-declarations/', import.meta.url)),
  fileName: FILE,
  transform: appendDeclarations,
  // `specifiers`: how the file reaches a sibling module (`./session.functions` through the alias)
  options: (json): AppendOptions => {
    const specifiers = (json.specifiers ?? {}) as Record<string, string>
    return {
      declarations: json.declarations as Declaration[],
      specifierFor: (_, module) => specifiers[module] ?? module,
      style: STYLE,
    }
  },
  run: { style: STYLE },
  check(output, { input }) {
    // the code is only appended: what was there stays the start of the body
    const firstCode = (text: string) => text.replace(/^(import [^\n]*\n|\s*\n)*/, '')
    expect(output.replace(/\r\n/g, '\n')).toContain(firstCode(input.replace(/\r\n/g, '\n')))
    // one blank line between the file's code and the appended code
    expect(output).not.toMatch(/\S(\r?\n){4,}export const/)
  },
})

describe('appendDeclarations', () => {
  const guards = "import { fetchSession } from './session.functions'\n\nexport const requireAuth = 1\n"

  it('says which declarations it added, in order', () => {
    const declarations = [
      { name: 'requireAuth', code: 'export const requireAuth = 2\n' },
      { name: 'b', code: 'export const b = 2\n' },
      { name: 'a', code: 'export const a = 1\n', uses: ['b'] },
    ]
    expect(runTransform(guards, FILE, appendDeclarations, { declarations, style: STYLE }).data).toEqual({
      added: ['b', 'a'],
    })
  })

  it('skips a declaration whose name the file declares as a type (a type alias the builders use)', () => {
    const text = `${guards}\ntype Guarded<Builder> = Builder\n`
    const declarations = [
      { name: 'Guarded', code: 'type Guarded<Builder> = Builder\n' },
      { name: 'adminAction', code: 'export const adminAction = 1 as Guarded<number>\n', uses: ['Guarded'] },
    ]
    const result = runTransform(text, FILE, appendDeclarations, { declarations, style: STYLE })
    expect(result.data).toEqual({ added: ['adminAction'] })
    expect(result.text.match(/type Guarded/g)).toHaveLength(1)
  })

  it('refuses to build on a declaration the file lacks, and a file that does not parse', () => {
    const options = { declarations: [{ name: 'x', code: 'const x = 1\n', uses: ['authMiddleware'] }], style: STYLE }
    expect(() => runTransform(guards, FILE, appendDeclarations, options)).toThrow(
      `${FILE} has no \`authMiddleware\`: kit-auth builds \`x\` on it.`,
    )
    expect(() => runTransform(`${guards}\nexport const broken = {\n`, FILE, appendDeclarations, options)).toThrow(
      /guards\.ts:\d+:\d+ does not parse/,
    )
  })
})
