import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addUserField, type AddUserFieldOptions } from '../../../src/codemods/auth/add-user-field.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

describeCases('addUserField cases', {
  dir: fileURLToPath(new URL('./add-user-field/', import.meta.url)),
  fileName: FILE,
  transform: addUserField,
  options: (json): AddUserFieldOptions => ({ style: (json.style as CodeStyle | undefined) ?? STYLE }),
  check(output, { input }) {
    // once, unless kit-auth cannot read the user options (then the file is left as it was)
    const count = output.match(/deactivatedAt: \{ type: ["']date["'], required: false, input: false \}/g)?.length
    expect(count ?? 0).toBe(output === input ? 0 : 1)
  },
})

describe('addUserField', () => {
  it('asks for it by hand where it cannot read the user options', () => {
    const input = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ user: makeUser() })\n"
    const { text, notes, changes } = runTransform(input, FILE, addUserField, { style: STYLE })
    expect(text).toBe(input)
    expect(changes).toEqual([])
    expect(notes).toEqual([
      expect.stringMatching(/^src\/lib\/auth\.ts: add `deactivatedAt: .*` to `user\.additionalFields` by hand/),
    ])
  })
})
