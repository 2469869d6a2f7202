/**
 * The Apple client secret `kit-auth add oauth apple` generates (templates/add/sign-in/lib/auth/
 * apple-client-secret.ts.hbs), transpiled and run: an ES256 JWT signed with the .p8 key from the
 * env (one line, `\n` escaped, as env files keep it), which node:crypto verifies with the public
 * key, with the claims Apple requires and a lifetime under its six-month limit.
 */
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { ts } from 'ts-morph'
import { renderTemplate } from '../../src/core/templates.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'kit-auth-apple-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let loads = 0

/** A fresh copy of the module each time (its signed secret is kept in the module). */
async function loadModule(): Promise<{ appleClientSecret: () => string }> {
  const source = renderTemplate('add/sign-in/lib/auth/apple-client-secret.ts.hbs', {})
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  const file = path.join(dir, `apple-client-secret-${++loads}.mjs`)
  writeFileSync(file, outputText)
  return (await import(pathToFileURL(file).href)) as { appleClientSecret: () => string }
}

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>

describe('appleClientSecret()', () => {
  const env = ['APPLE_TEAM_ID', 'APPLE_KEY_ID', 'APPLE_PRIVATE_KEY', 'APPLE_CLIENT_ID'] as const
  const saved = Object.fromEntries(env.map((name) => [name, process.env[name]]))
  afterAll(() => {
    for (const name of env) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it('signs an ES256 JWT Apple accepts: kid, iss, sub, aud, at most six months', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    process.env.APPLE_TEAM_ID = 'TEAM123456'
    process.env.APPLE_KEY_ID = 'KEY1234567'
    process.env.APPLE_CLIENT_ID = 'com.example.web'
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    process.env.APPLE_PRIVATE_KEY = pem.replace(/\n/g, '\\n')
    const { appleClientSecret } = await loadModule()
    const jwt = appleClientSecret()
    const [header, payload, signature] = jwt.split('.') as [string, string, string]
    expect(decode(header)).toEqual({ alg: 'ES256', kid: 'KEY1234567' })
    const claims = decode(payload) as { iss: string; sub: string; aud: string; iat: number; exp: number }
    expect(claims).toMatchObject({ iss: 'TEAM123456', sub: 'com.example.web', aud: 'https://appleid.apple.com' })
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(180 * 24 * 60 * 60)
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(60)
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    )
    expect(valid).toBe(true)
    // a key with real line breaks works too
    process.env.APPLE_PRIVATE_KEY = pem
    expect(appleClientSecret().split('.')).toHaveLength(3)
  })

  it('signs again once a day old, so a long-running server never sends an expired secret', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    process.env.APPLE_TEAM_ID = 'TEAM123456'
    process.env.APPLE_KEY_ID = 'KEY1234567'
    process.env.APPLE_CLIENT_ID = 'com.example.web'
    process.env.APPLE_PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const { appleClientSecret } = await loadModule()
    const start = Date.UTC(2026, 0, 1)
    vi.useFakeTimers({ now: start, toFake: ['Date'] })
    try {
      const claimsAt = (days: number) => {
        vi.setSystemTime(start + days * 24 * 60 * 60 * 1000)
        const jwt = appleClientSecret()
        return { jwt, ...(decode(jwt.split('.')[1]!) as { iat: number; exp: number }) }
      }
      const first = claimsAt(0)
      expect(claimsAt(0.5).jwt).toBe(first.jwt)
      // 200 days on (past the first one's 150-day expiry): a new secret, valid now
      const later = claimsAt(200)
      expect(later.jwt).not.toBe(first.jwt)
      expect(later.iat).toBe(start / 1000 + 200 * 24 * 60 * 60)
      expect(later.exp).toBeGreaterThan(Date.now() / 1000 + 149 * 24 * 60 * 60)
      expect(claimsAt(201.5).iat).toBeGreaterThan(later.iat)
    } finally {
      vi.useRealTimers()
    }
  })

  it('is empty until the four variables are set (the app still starts; Apple sign-in then fails)', async () => {
    delete process.env.APPLE_PRIVATE_KEY
    const { appleClientSecret } = await loadModule()
    expect(appleClientSecret()).toBe('')
  })
})
