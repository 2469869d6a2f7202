import { describe, expect, it } from 'vitest'
import { exportedNames } from '../../src/codemods/js/exports.js'

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

