import { describe, expect, it } from 'vitest'
import { factoryCalls } from '../../src/project/factory-calls.js'

const INSTANCE = { file: 'src/lib/auth.ts', exportName: 'createAuth' }
const ALIASES = [{ prefix: '#/', target: 'src' }]

describe('factoryCalls', () => {
  it("copies a dynamic import's binding with its own module, not a top-level import of the same name", () => {
    const route = [
      "import { env } from '#/lib/env'",
      "import { createAuth } from '#/lib/auth'",
      '',
      'export async function handle(request: Request) {',
      "  const { env } = await import('cloudflare:workers')",
      '  return createAuth(env).handler(request)',
      '}',
      'void env',
      '',
    ].join('\n')
    const files = [
      { file: 'src/lib/auth.ts', text: 'export const createAuth = (env: unknown) => env\n' },
      { file: 'src/lib/env.ts', text: 'export const env = {}\n' },
      { file: 'src/routes/api/auth/$.ts', text: route },
    ]
    const [call] = factoryCalls(INSTANCE, files, ALIASES)
    expect(call).toMatchObject({
      call: 'createAuth(env)',
      imports: [{ local: 'env', imported: 'env', module: 'cloudflare:workers' }],
    })
    expect(call?.local).toBeUndefined()
  })
})
