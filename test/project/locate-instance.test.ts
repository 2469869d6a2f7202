/**
 * Which betterAuth() call is the app's instance when several files make one: the file the auth handler
 * imports, then one under the source directory, then the rest (issue 12, corpus: a root
 * better-auth.config.ts kept for Better Auth's CLI was taken for the app's instance).
 */
import { describe, expect, test } from 'vitest'
import { locateBetterAuth } from '../../src/project/better-auth.js'
import { makeTree } from './helpers.js'

const CLI_CONFIG = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ plugins: [] })\n"
const APP = { srcDirectory: 'src', aliases: [{ prefix: '@/', target: 'src' }] }

describe('locateBetterAuth', () => {
  test('prefers the instance the handler route imports (through an alias) over a root CLI config', async () => {
    const root = await makeTree({
      'auth.config.ts': CLI_CONFIG,
      'src/lib/stub.ts': "import { betterAuth } from 'better-auth'\nexport const stub = betterAuth({})\n",
      'src/server/make-auth.ts':
        "import { betterAuth } from 'better-auth'\nexport const makeAuth = (env: Env) => betterAuth({ secret: env.S })\n",
      'src/routes/api/auth/$.ts': [
        "import { env } from 'cloudflare:workers'",
        "import { makeAuth } from '@/server/make-auth'",
        "export const Route = createFileRoute('/api/auth/$')({",
        '  server: { handlers: { GET: ({ request }) => makeAuth(env).handler(request) } },',
        '})',
        '',
      ].join('\n'),
      // a server function's `.handler(` is no auth handler
      'src/lib/session.ts':
        "import { stub } from './stub'\nexport const f = createServerFn().handler(() => stub.api.getSession())\n",
    })
    expect(await locateBetterAuth(root, APP)).toEqual({
      file: 'src/server/make-auth.ts',
      exportName: 'makeAuth',
      factory: { name: 'makeAuth', required: 1 },
      // how the app calls it, for kit-auth's files to call it the same way
      calls: [
        {
          file: 'src/routes/api/auth/$.ts',
          call: 'makeAuth(env)',
          args: 'env',
          imports: [{ local: 'env', imported: 'env', module: 'cloudflare:workers' }],
        },
      ],
      // the others, which init leaves alone and names
      others: ['auth.config.ts', 'src/lib/stub.ts'],
    })
  })

  test('without a handler that imports one, an instance under the source directory wins over a root file', async () => {
    const root = await makeTree({
      'better-auth.config.ts': CLI_CONFIG,
      'src/lib/auth/index.ts': "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({})\n",
    })
    expect(await locateBetterAuth(root, APP)).toEqual({
      file: 'src/lib/auth/index.ts',
      exportName: 'auth',
      others: ['better-auth.config.ts'],
    })
  })

  test('a single instance outside the source directory is still found', async () => {
    const root = await makeTree({ 'convex/auth.ts': CLI_CONFIG, 'src/routes/index.tsx': 'export {}\n' })
    expect(await locateBetterAuth(root, APP)).toEqual({ file: 'convex/auth.ts', exportName: 'auth' })
  })
})
