import { describe, expect, it } from 'vitest'
import { addActiveOrganization } from '../../src/codemods/session/add-active-organization.js'
import { addBanCheck } from '../../src/codemods/session/add-ban-check.js'
import { runTransform } from '../../src/codemods/transform.js'
import type { CodeStyle } from '../../src/project/types.js'
import { checkTransform } from './support.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const SEMI: CodeStyle = { quote: 'double', semicolons: true, indent: '  ', source: 'prettier' }
const FILE = 'src/lib/auth/session.ts'

describe('addBanCheck', () => {
  it('turns the final `return false` into the ban check, in the app style', () => {
    const input = `function isDeactivated(user: AuthUser) {
  if (user.deactivatedAt) return true;
  return false;
}
`
    const { text, data } = checkTransform(addBanCheck, input, FILE, { style: SEMI })
    expect(data).toEqual({ patched: true })
    expect(text).toBe(`function isDeactivated(user: AuthUser) {
  if (user.deactivatedAt) return true;
  if (!user.banned) return false;
  // The admin plugin lets bans expire; an expired ban no longer blocks.
  return !user.banExpires || new Date(user.banExpires).getTime() > Date.now();
}
`)
    expect(runTransform(text, FILE, addBanCheck, { style: SEMI }).data).toEqual({ patched: true })
  })

  it('leaves a function of another shape alone and says so', () => {
    const input = 'function isDeactivated(user: AuthUser) {\n  return Boolean(user.deactivatedAt)\n}\n'
    expect(runTransform(input, FILE, addBanCheck, { style: STYLE })).toMatchObject({
      text: input,
      data: { patched: false },
    })
  })
})

describe('addActiveOrganization', () => {
  it('reads the session row in getAccountContext', () => {
    const input = `export async function getAccountContext() {
  const { user } = await requireSession()
  const activeOrganizationId: string | null = null
  return { activeOrganizationId, user }
}
`
    // the declaration is rewritten: the case checks the whole output
    const { text, data } = checkTransform(addActiveOrganization, input, FILE, {}, {}, { survives: 'unchecked' })
    expect(data).toEqual({ patched: true })
    expect(text).toBe(`export async function getAccountContext() {
  const { user, session } = await requireSession()
  const activeOrganizationId = session?.activeOrganizationId ?? null
  return { activeOrganizationId, user }
}
`)
    expect(runTransform(text, FILE, addActiveOrganization, {}).data).toEqual({ patched: true })
  })

  it('says so when session is bound under another name', () => {
    const input = `export async function getAccountContext() {
  const { user, session: row } = await requireSession()
  const activeOrganizationId: string | null = null
  return { activeOrganizationId, user, row }
}
`
    expect(runTransform(input, FILE, addActiveOrganization, {})).toMatchObject({
      text: input,
      data: { patched: false },
    })
  })
})
