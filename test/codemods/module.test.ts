import { describe, expect, it } from 'vitest'
import { appendDeclarations, type AppendOptions } from '../../src/codemods/module/append-declarations.js'
import { runTransform } from '../../src/codemods/transform.js'
import type { CodeStyle } from '../../src/project/types.js'
import { checkTransform } from './support.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const FILE = 'src/lib/auth/guards.ts'

const append = (text: string, declarations: AppendOptions['declarations'], extra: Partial<AppendOptions> = {}) =>
  checkTransform(appendDeclarations, text, FILE, { declarations, style: STYLE, ...extra }, { style: STYLE })

describe('appendDeclarations', () => {
  const guards = `import { redirect } from '@tanstack/react-router'
import { fetchSession } from '#/lib/auth/session.functions'

export async function requireAuth() {
  return { session: await fetchSession() }
}
`
  const specifierFor = (_: unknown, module: string) =>
    module === './session.functions' ? '#/lib/auth/session.functions' : module

  it('appends after the last statement and extends the imports the file already has', () => {
    const result = append(
      guards,
      [
        {
          name: 'requireAdminAuth',
          code: 'export const requireAdminAuth = 1\n',
          imports: { '@tanstack/react-router': ['notFound', 'redirect'], './session.functions': ['fetchAuthState'] },
          uses: ['requireAuth'],
        },
      ],
      { specifierFor },
    )
    expect(result.data).toEqual({ added: ['requireAdminAuth'] })
    expect(result.text).toBe(`import { redirect, notFound } from '@tanstack/react-router'
import { fetchSession, fetchAuthState } from '#/lib/auth/session.functions'

export async function requireAuth() {
  return { session: await fetchSession() }
}

export const requireAdminAuth = 1
`)
  })

  it('skips declarations the file has, and does not import a name it binds otherwise', () => {
    const input = `${guards}\nfunction hasRole() {\n  return true\n}\n`
    const result = append(input, [
      { name: 'requireAuth', code: 'export const requireAuth = 2\n' },
      { name: 'requireEditorAuth', code: 'export const requireEditorAuth = 3\n', imports: { './roles': ['hasRole'] } },
    ])
    expect(result.data).toEqual({ added: ['requireEditorAuth'] })
    expect(result.text).toBe(`${input}\nexport const requireEditorAuth = 3\n`)
  })

  it('leaves one blank line before the code, however the file ends', () => {
    const code = [{ name: 'b', code: 'export const b = 2\n' }]
    expect(append('export const a = 1', code).text).toBe('export const a = 1\n\nexport const b = 2\n')
    expect(append('export const a = 1\n\n', code).text).toBe('export const a = 1\n\nexport const b = 2\n')
    expect(append('export const a = 1\n\n\n', code).text).toBe('export const a = 1\n\n\nexport const b = 2\n')
    expect(append('', code).text).toBe('export const b = 2\n')
  })

  it('wraps an import it made longer than 80 columns, as Prettier would', () => {
    const input = "import { createMiddleware } from '@tanstack/react-start'\n\nexport const a = 1\n"
    const { text } = append(input, [
      {
        name: 'b',
        code: 'export const b = 2\n',
        imports: { '@tanstack/react-start': ['createServerFn', 'createIsomorphicFn'] },
      },
    ])
    expect(text).toBe(`import {
  createMiddleware,
  createServerFn,
  createIsomorphicFn,
} from '@tanstack/react-start'

export const a = 1

export const b = 2
`)
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
