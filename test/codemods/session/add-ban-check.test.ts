import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addBanCheck } from '../../../src/codemods/session/add-ban-check.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth/session.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

describeCases('addBanCheck cases', {
  dir: fileURLToPath(new URL('./add-ban-check/', import.meta.url)),
  fileName: FILE,
  transform: addBanCheck,
  options: (json) => ({ style: (json.style as CodeStyle | undefined) ?? STYLE }),
})

describe('addBanCheck', () => {
  it('says whether isDeactivated checks bans', () => {
    const shaped = 'function isDeactivated(user: AuthUser) {\n  return false\n}\n'
    const patched = runTransform(shaped, FILE, addBanCheck, { style: STYLE })
    expect(patched.data).toEqual({ patched: true })
    expect(runTransform(patched.text, FILE, addBanCheck, { style: STYLE }).data).toEqual({ patched: true })
    const other = 'function isDeactivated(user: AuthUser) {\n  return Boolean(user.deactivatedAt)\n}\n'
    expect(runTransform(other, FILE, addBanCheck, { style: STYLE }).data).toEqual({ patched: false })
  })

  it('leaves a session module that checks users with lockout.ts isLockedOut (it honours bans) alone', () => {
    const lockout = "import { isLockedOut as locked } from './lockout'\nexport const check = locked\n"
    const result = runTransform(lockout, FILE, addBanCheck, { style: STYLE })
    expect(result.data).toEqual({ patched: true })
    expect(result.text).toBe(lockout)
  })
})
