import { describe, expect, it } from 'vitest'
import { addRedirectSearch } from '../../src/codemods/route/add-redirect-search.js'
import { runTransform } from '../../src/codemods/transform.js'
import type { CodeStyle } from '../../src/project/types.js'
import { checkTransform } from './support.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const FILE = 'src/routes/login.tsx'
const VALIDATE = `  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
  }),
`

describe('addRedirectSearch', () => {
  it('adds validateSearch as the first option, once', () => {
    const input = `import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/login')({
  component: Login,
})
`
    const { text, data } = checkTransform(addRedirectSearch, input, FILE, { style: STYLE })
    expect(data).toEqual({ status: 'added', mentionsRedirect: true })
    expect(text).toBe(`import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/login')({
${VALIDATE}  component: Login,
})
`)
    expect(runTransform(text, FILE, addRedirectSearch, { style: STYLE }).data).toEqual({
      status: 'present',
      mentionsRedirect: true,
    })
  })

  it('spreads a one-line options object over lines, and reads options kept in a const', () => {
    const input = "export const Route = createFileRoute('/login')({ component: Login })\n"
    expect(
      checkTransform(addRedirectSearch, input, FILE, { style: STYLE }, {}, { survives: 'non-whitespace' }).text,
    ).toBe(`export const Route = createFileRoute('/login')({\n${VALIDATE}  component: Login,\n})\n`)
    const named =
      "const options = { component: Login } as const\nexport const Route = createFileRoute('/login')(options)\n"
    const reflowed = checkTransform(
      addRedirectSearch,
      named,
      FILE,
      { style: STYLE },
      {},
      { survives: 'non-whitespace' },
    )
    expect(reflowed.text).toBe(
      `const options = {
${VALIDATE}  component: Login,
} as const
export const Route = createFileRoute('/login')(options)
`,
    )
  })

  it('leaves an existing validateSearch alone and says whether it mentions redirect', () => {
    const input =
      "export const Route = createFileRoute('/login')({\n  validateSearch: z.object({ next: z.string() }),\n})\n"
    expect(runTransform(input, 'login.tsx', addRedirectSearch, { style: STYLE })).toMatchObject({
      text: input,
      changed: false,
      data: { status: 'present', mentionsRedirect: false },
    })
  })

  it('says so when the route options are not an object it can see', () => {
    const input = "export const Route = createFileRoute('/login')(makeOptions())\n"
    expect(runTransform(input, FILE, addRedirectSearch, { style: STYLE })).toMatchObject({
      text: input,
      data: { status: 'unsupported', mentionsRedirect: false },
    })
  })
})
