import { describe, expect, test } from 'vitest'
import { betterAuthApi, betterAuthVersion } from '../../src/plans/versions.js'
import type { VersionInfo } from '../../src/project/types.js'

const project = (info?: Partial<VersionInfo>): { versions: Record<string, VersionInfo> } => ({
  versions: info ? { 'better-auth': { declared: null, installed: null, source: 'declared', ...info } } : {},
})

describe('betterAuthVersion: the release the generated code runs on', () => {
  test('the installed release wins over the declared range', () => {
    expect(betterAuthVersion(project({ declared: '^1.3.0', installed: '1.3.34' }))).toBe('1.3.34')
  })
  test('else the lowest release the declared range allows', () => {
    expect(betterAuthVersion(project({ declared: '~1.4.7' }))).toBe('1.4.7')
    expect(betterAuthVersion(project({ declared: '>=1.5 <1.6' }))).toBe('1.5.0')
  })
  test('else (not declared, or an unreadable range) the release kit-auth adds', () => {
    expect(betterAuthVersion(project())).toBe('1.7.25')
    expect(betterAuthVersion(project({ declared: 'workspace:*' }))).toBe('1.7.25')
  })
})

describe('betterAuthApi: each spelling switches at the release that changed it', () => {
  test.each([
    ['1.3.0', 'reactStartCookies', 'better-auth/react-start', 'better-auth/db', 'Adapter', false],
    ['1.3.34', 'reactStartCookies', 'better-auth/react-start', 'better-auth/db', 'Adapter', false],
    ['1.4.0', 'tanstackStartCookies', 'better-auth/tanstack-start', 'better-auth/db', 'DBAdapter', true],
    ['1.4.22', 'tanstackStartCookies', 'better-auth/tanstack-start', 'better-auth/db', 'DBAdapter', true],
    ['1.5.0', 'tanstackStartCookies', 'better-auth/tanstack-start', 'better-auth/db/migration', 'DBAdapter', true],
    ['1.7.29', 'tanstackStartCookies', 'better-auth/tanstack-start', 'better-auth/db/migration', 'DBAdapter', true],
    [
      '1.8.0-beta.1',
      'tanstackStartCookies',
      'better-auth/tanstack-start',
      'better-auth/db/migration',
      'DBAdapter',
      true,
    ],
  ])('%s', (installed, name, from, migrationModule, adapterType, fieldIndex) => {
    expect(betterAuthApi(project({ installed }))).toEqual({
      version: installed,
      cookies: { name, from },
      migrationModule,
      adapterType,
      fieldIndex,
      // the same release took over a verified user's email change, and ignores a used verification link
      changeEmailVerification: !fieldIndex,
      verificationLinkOnce: fieldIndex,
    })
  })
})
