import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  addSecondaryStorage,
  type AddSecondaryStorageOptions,
} from '../../../src/codemods/auth/add-secondary-storage.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

function optionsOf(json: Record<string, unknown>): AddSecondaryStorageOptions {
  return {
    storage: { name: 'redisStorage', from: '#/lib/auth/redis' },
    verificationInDatabase: json.verificationInDatabase !== false,
    style: (json.style as CodeStyle | undefined) ?? STYLE,
  }
}

describeCases('addSecondaryStorage cases', {
  dir: fileURLToPath(new URL('./add-secondary-storage/', import.meta.url)),
  fileName: FILE,
  transform: addSecondaryStorage,
  options: optionsOf,
  keeps: 'every-token',
  check(output, { input, options }) {
    // every option at most once, the storage imported once when the options could be edited
    for (const name of ['secondaryStorage', 'storeSessionInDatabase', 'storage', 'storeInDatabase'])
      expect(output.match(new RegExp(`\\b${name}:`, 'g'))?.length ?? 0, name).toBeLessThanOrEqual(1)
    if (input.includes('...base')) return expect(output).toBe(input)
    expect(output.match(/import \{ redisStorage \} from/g)).toHaveLength(1)
    expect(output).toMatch(/secondaryStorage: redisStorage/)
    expect(output).toMatch(/storage: ['"]secondary-storage['"]/)
    expect(output.includes('storeInDatabase: true')).toBe(options.verificationInDatabase)
    // an app's own setting is kept (and noted), never flipped
    if (input.includes('storeSessionInDatabase: false')) expect(output).toContain('storeSessionInDatabase: false')
    else expect(output).toContain('storeSessionInDatabase: true')
  },
})

describe('addSecondaryStorage', () => {
  const input = (storage: string) =>
    `import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ database: db, secondaryStorage: ${storage} })\n`

  it("leaves an instance with a secondaryStorage of its own alone: status 'other', no edit", () => {
    const result = runTransform(input('upstash'), FILE, addSecondaryStorage, optionsOf({}))
    expect(result.data?.status).toBe('other')
    expect(result.changed).toBe(false)
  })

  it("completes an instance already on redisStorage: status 'already', only the missing options", () => {
    const result = runTransform(input('redisStorage'), FILE, addSecondaryStorage, optionsOf({}))
    expect(result.data?.status).toBe('already')
    expect(result.changes).toEqual([
      'session.storeSessionInDatabase',
      'rateLimit.storage',
      'verification.storeInDatabase',
    ])
    expect(result.text).not.toContain('import { redisStorage }')
  })

  it("notes an app's own session and rate-limit settings it keeps", () => {
    const text =
      "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ database: db, rateLimit: { storage: 'database' } })\n"
    const result = runTransform(text, FILE, addSecondaryStorage, optionsOf({}))
    expect(result.text).toContain("rateLimit: { storage: 'database' }")
    expect(result.notes).toEqual([
      expect.stringContaining("kept your `rateLimit.storage`; with Redis kit-auth sets it to 'secondary-storage'"),
    ])
  })

  it('a spread it cannot see into: nothing edited, the options to set by hand in a note', () => {
    const text = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ ...base })\n"
    const result = runTransform(text, FILE, addSecondaryStorage, optionsOf({}))
    expect(result.changed).toBe(false)
    expect(result.notes.join('\n')).toContain(
      'set secondaryStorage in `the Better Auth options (they spread another object)` by hand',
    )
  })
})
