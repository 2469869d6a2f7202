/**
 * `kit-auth init` on an app whose Better Auth instance has password sign-in off
 * (`emailAndPassword: { enabled: false }`, signing in by magic link): no password pages or reset
 * settings, and a sign-in page that uses the instance's own method.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTree, snapshotTree } from '../helpers/tree.js'
import { init, parseDocument } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'passwordless',
    private: true,
    type: 'module',
    imports: { '#/*': './src/*' },
    dependencies: {
      '@tanstack/react-router': '1.170.46',
      '@tanstack/react-start': '1.169.5',
      'better-auth': '^1.7.25',
      react: '^19.2.0',
      'react-dom': '^19.2.0',
    },
  },
  null,
  2,
)}\n`

const ROOT_ROUTE =
  "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\nexport const Route = createRootRoute({ component: Outlet })\n"

function instance(plugins: string[], imports: string): string {
  return [
    "import { betterAuth } from 'better-auth'",
    "import { tanstackStartCookies } from 'better-auth/tanstack-start'",
    imports,
    '',
    'export const auth = betterAuth({',
    '  emailAndPassword: { enabled: false },',
    `  plugins: [${[...plugins, 'tanstackStartCookies()'].join(', ')}],`,
    '})',
    '',
  ].join('\n')
}

function run(files: Record<string, string>) {
  const root = makeTree({ 'package.json': PACKAGE_JSON, 'src/routes/__root.tsx': ROOT_ROUTE, ...files })
  copies.push(root)
  const result = init(root, ['--yes', '--no-install', '--json'])
  expect(result.code, result.stderr).toBe(0)
  const document = parseDocument(result.stdout) as ReturnType<typeof parseDocument> & {
    notes: string[]
    manualSteps?: string[]
    nextSteps?: string[]
  }
  return { after: snapshotTree(root), document }
}

describe('init on an instance with password sign-in off', () => {
  it('magic link: no sign-up or reset pages, no reset settings, a sign-in page with the magic-link form', () => {
    const { after, document } = run({
      'src/lib/auth.ts': instance(
        ['magicLink({ sendMagicLink: async () => {} })'],
        "import { magicLink } from 'better-auth/plugins'",
      ),
    })
    for (const page of ['sign-up', 'forgot-password', 'reset-password'])
      expect(after[`src/routes/${page}.tsx`], page).toBeUndefined()
    const auth = after['src/lib/auth.ts']!
    expect(auth).toContain('emailAndPassword: { enabled: false }')
    expect(auth).not.toMatch(/sendResetPassword|resetPasswordTokenExpiresIn|requireEmailVerification/)
    const signIn = after['src/routes/sign-in.tsx']!
    expect(signIn).toContain('<MagicLinkForm redirect={redirect} />')
    expect(signIn).not.toMatch(/type="password"|signIn\.email|sign-up/i)
    expect(after['src/lib/auth/components/magic-link-form.tsx']).toContain('authClient.signIn.magicLink(')
    expect(after['src/lib/auth/auth-client.ts']).toMatch(/magicLinkClient\(\)/)
    expect(after['src/lib/auth/components/forgot-password-link.tsx']).toBeUndefined()
    expect(document.notes.join('\n')).toMatch(
      /has password sign-in off .*no sign-up, forgot-password or reset-password page and no password-reset settings; the \/sign-in page kit-auth wrote signs in by your instance's magic link/,
    )
    expect(JSON.stringify(document)).not.toContain('enable `emailAndPassword: { enabled: true }`')
  })

  it('no magic link: a sign-in page without a password form, and the report says to put the sign-in there', () => {
    const { after, document } = run({ 'src/lib/auth.ts': instance([], '') })
    expect(after['src/routes/sign-up.tsx']).toBeUndefined()
    expect(after['src/routes/forgot-password.tsx']).toBeUndefined()
    expect(after['src/routes/sign-in.tsx']).not.toMatch(/type="password"|signIn\.email|MagicLinkForm/)
    expect(after['src/lib/auth/components/magic-link-form.tsx']).toBeUndefined()
    expect(document.notes.join('\n')).toMatch(/the \/sign-in page kit-auth wrote has no form: put the sign-in/)
  })

  it.each([
    ['a spread after `enabled: false` may turn it on', '  emailAndPassword: { enabled: false },\n  ...options,'],
    ['no emailAndPassword, but a spread kit-auth cannot read may set it', '  ...options,'],
  ])('%s: password pages, and a step that claims neither on nor off', (_, lines) => {
    const auth = instance([], "import { options } from './auth-options'").replace(
      '  emailAndPassword: { enabled: false },',
      lines,
    )
    const { after, document } = run({
      'src/lib/auth.ts': auth,
      'src/lib/auth-options.ts': 'export const options = {}\n',
    })
    expect(after['src/routes/sign-up.tsx']).toContain('signUp.email')
    const report = JSON.stringify(document)
    expect(report).not.toContain('has password sign-in off')
    expect(report).not.toContain('enable `emailAndPassword: { enabled: true }`')
    expect(document.nextSteps?.join('\n')).toContain(
      'kit-auth cannot tell whether password sign-in is on in src/lib/auth.ts: `...options` may set ' +
        '`emailAndPassword`. The generated sign-in and sign-up pages use email and password',
    )
  })
})
