import { describe, expect, it } from 'vitest'
import { addIgnores, isIgnored, mergeEnv } from '../../src/plans/env.js'

describe('mergeEnv', () => {
  it('adds only missing keys and never touches existing values', () => {
    const text = 'PORT=3000\nexport BETTER_AUTH_URL=https://example.test\nEMPTY=\n'
    expect(
      mergeEnv(text, { BETTER_AUTH_URL: 'http://localhost:3000', EMPTY: 'x', BETTER_AUTH_SECRET: 's' }, 'auth'),
    ).toBe('PORT=3000\nexport BETTER_AUTH_URL=https://example.test\nEMPTY=\n\n# auth\nBETTER_AUTH_SECRET=s\n')
  })

  it('creates the file text, and returns the text unchanged when nothing is missing', () => {
    expect(mergeEnv(null, { A: '1' })).toBe('A=1\n')
    expect(mergeEnv('A=1', { A: '2' })).toBe('A=1')
  })
})

describe('isIgnored', () => {
  it('understands the common .gitignore forms', () => {
    expect(isIgnored('*.local\n', '.env.local')).toBe(true)
    expect(isIgnored('.env*\n', '.env.local')).toBe(true)
    expect(isIgnored('/.env.local\n', '.env.local')).toBe(true)
    expect(isIgnored('.env\n', '.env.local')).toBe(false)
    expect(isIgnored('*.local\n!.env.local\n', '.env.local')).toBe(false)
    expect(isIgnored('data/\n', 'data')).toBe(true)
    expect(isIgnored('/data\n', 'data/auth.db')).toBe(true)
    expect(isIgnored('# data\n', 'data')).toBe(false)
    expect(isIgnored(null, '.env.local')).toBe(false)
  })
})

describe('addIgnores', () => {
  it('appends under a comment, creating the file when needed', () => {
    expect(addIgnores('node_modules', ['/data/'])).toBe(
      'node_modules\n\n# kit-auth: secrets and the local auth database\n/data/\n',
    )
    expect(addIgnores(null, ['.env.local'])).toBe('# kit-auth: secrets and the local auth database\n.env.local\n')
  })
})
