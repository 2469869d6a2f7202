/** Import specifiers kit-auth writes into generated files, for an app without an alias (corpus F7). */
import { describe, expect, it } from 'vitest'
import { importSpecifier, importSpecifierOfFile } from '../../src/plans/paths.js'

const NO_ALIAS = { alias: null, srcDirectory: 'src' }

describe('import specifiers without an alias', () => {
  it('reaches an instance at src/lib/auth.ts from lib/auth/*.ts as `../auth`, not `./`', () => {
    expect(importSpecifierOfFile(NO_ALIAS, 'src/lib/auth/session.ts', 'src/lib/auth.ts')).toBe('../auth')
    expect(importSpecifierOfFile(NO_ALIAS, 'src/lib/auth/session.ts', 'src/lib/auth/index.ts')).toBe('./index')
  })

  it('keeps sibling, parent and child paths relative', () => {
    expect(importSpecifier(NO_ALIAS, 'src/lib/auth/session.ts', 'lib/auth/lockout')).toBe('./lockout')
    expect(importSpecifier(NO_ALIAS, 'src/routes/sign-in.tsx', 'lib/auth/guards')).toBe('../lib/auth/guards')
    expect(importSpecifierOfFile(NO_ALIAS, 'src/routes/__root.tsx', 'src/auth.ts')).toBe('../auth')
    expect(importSpecifierOfFile(NO_ALIAS, 'src/start.ts', 'src/lib/db.ts')).toBe('./lib/db')
  })

  it('goes through the alias when the app has one', () => {
    const project = {
      alias: { prefix: '#/', target: 'src', declaredIn: 'package.json#imports', uses: 1 },
      srcDirectory: 'src',
    }
    expect(importSpecifierOfFile(project, 'src/lib/auth/session.ts', 'src/lib/auth.ts')).toBe('#/lib/auth')
  })
})
