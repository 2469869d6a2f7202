import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { exportInstance } from '../../../src/codemods/auth/export-instance.js'
import { runTransform } from '../../../src/codemods/transform.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'

describeCases('exportInstance cases', {
  dir: fileURLToPath(new URL('./export-instance/', import.meta.url)),
  fileName: FILE,
  transform: exportInstance,
  options: () => ({}),
  check(output) {
    expect(output).toContain('export const auth = betterAuth(')
  },
})

describe('exportInstance', () => {
  it('refuses an instance that is not a module-level const', () => {
    const input = "import { betterAuth } from 'better-auth'\nexport function make() {\n  return betterAuth({})\n}\n"
    expect(() => runTransform(input, FILE, exportInstance, {})).toThrow(
      expect.objectContaining({
        message:
          `${FILE}: the instance is not a module-level \`const\`, ` +
          'so kit-auth cannot adopt this Better Auth instance.',
        hint: 'Export it: `export const auth = betterAuth({ ... })`, then run kit-auth init again.',
      }),
    )
  })
})
