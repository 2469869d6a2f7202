import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addActiveOrganization } from '../../../src/codemods/session/add-active-organization.js'
import { runTransform } from '../../../src/codemods/transform.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth/session.ts'

describeCases('addActiveOrganization cases', {
  dir: fileURLToPath(new URL('./add-active-organization/', import.meta.url)),
  fileName: FILE,
  transform: addActiveOrganization,
  options: () => ({}),
  // the `activeOrganizationId` declaration is rewritten
  keeps: 'local',
})

describe('addActiveOrganization', () => {
  it('says whether getAccountContext reads the active organization', () => {
    const read = (text: string) => runTransform(text, FILE, addActiveOrganization, {})
    const shaped =
      'export async function getAccountContext() {\n  const { user } = await requireSession()\n' +
      '  const activeOrganizationId: string | null = null\n  return { activeOrganizationId, user }\n}\n'
    const patched = read(shaped)
    expect(patched.data).toEqual({ patched: true })
    expect(read(patched.text).data).toEqual({ patched: true })
    expect(read('export async function getAccountContext() {\n  return {}\n}\n').data).toEqual({ patched: false })
  })
})
