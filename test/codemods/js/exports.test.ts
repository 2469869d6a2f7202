import { describe, expect, it } from 'vitest'
import { exportedNames, importClause } from '../../../src/codemods/js/exports.js'

describe('exportedNames', () => {
  it('lists value exports: functions, consts, export lists, not types', () => {
    const text = [
      'export function requireAuth() {}',
      'export const a = 1, b = 2',
      'const c = 3',
      'export { c as redirectIfAuthenticated }',
      'export type { T }',
      'export interface GuardOptions {}',
      'function hidden() {}',
    ].join('\n')
    expect(exportedNames(text, 'guards.ts')).toEqual(['requireAuth', 'a', 'b', 'redirectIfAuthenticated'])
  })
})

describe('importClause', () => {
  it('binds a local name to a named or default export', () => {
    expect(importClause('auth', 'auth')).toBe('{ auth }')
    expect(importClause('myAuth', 'auth')).toBe('{ myAuth as auth }')
    expect(importClause('default', 'auth')).toBe('auth')
  })
})
