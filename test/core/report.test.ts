import { describe, expect, it } from 'vitest'
import { diffOf, redactEnv } from '../../src/core/report.js'

describe('redactEnv', () => {
  it('hides every value', () => {
    expect(redactEnv('# c\nA=secret\nexport B = x y\n')).toBe('# c\nA=***\nexport B =***\n')
  })
})

describe('diffOf', () => {
  it('redacts a sensitive file on both sides of the diff', () => {
    const diff = diffOf({
      path: '.env.local',
      action: 'update',
      before: 'A=old\n',
      after: 'A=old\nB=new\n',
      sensitive: true,
    })
    expect(diff).toContain('+B=***')
    expect(diff).not.toMatch(/old|new/)
  })
})
