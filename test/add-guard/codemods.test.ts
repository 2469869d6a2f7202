/**
 * The add-guard codemods on their own: shapes of plugin lists, the session.ts patches, and how
 * appended declarations reuse imports. Byte-exact expectations: everything outside the edit stays.
 */
import { describe, expect, it } from 'vitest'
import { addActiveOrganization, addBanCheck, addPlugins, appendDeclarations } from '../../src/codemods/add-guard.js'
import type { CodeStyle } from '../../src/project/types.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const SEMI: CodeStyle = { quote: 'double', semicolons: true, indent: '  ', source: 'prettier' }

const plugins = (
  text: string,
  names: string[],
  options: { call?: string; from?: string; keepLast?: string; style?: CodeStyle } = {},
) =>
  addPlugins(text, 'auth.ts', {
    call: options.call ?? 'betterAuth',
    plugins: names,
    from: options.from ?? 'better-auth/plugins',
    keepLast: options.keepLast,
    style: options.style ?? STYLE,
  }).text

describe('addPlugins', () => {
  it('puts a plugin before the one that must stay last, under its comment', () => {
    const input = `import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'

export const auth = betterAuth({
  plugins: [
    apiTokens(),
    // Must stay last.
    tanstackStartCookies(),
  ],
})
`
    expect(plugins(input, ['admin'], { keepLast: 'tanstackStartCookies' }))
      .toBe(`import { betterAuth } from 'better-auth'
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { admin } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [
    apiTokens(),
    admin(),
    // Must stay last.
    tanstackStartCookies(),
  ],
})
`)
  })

  it('extends an existing import of the plugins module and keeps a listed plugin once', () => {
    const input = `import { betterAuth } from 'better-auth'
import { organization } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [organization(), tanstackStartCookies()],
})
`
    const output = plugins(input, ['organization', 'admin'], { keepLast: 'tanstackStartCookies' })
    expect(output).toBe(`import { betterAuth } from 'better-auth'
import { organization, admin } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [organization(), admin(), tanstackStartCookies()],
})
`)
    expect(plugins(output, ['organization', 'admin'], { keepLast: 'tanstackStartCookies' })).toBe(output)
  })

  it('breaks a one-line list and an import line that no longer fit, as Prettier would', () => {
    const input = `import { createAuthClient } from "better-auth/react";
import { inferAdditionalFields } from "better-auth/client/plugins";

export const authClient = createAuthClient({
  plugins: [inferAdditionalFields<typeof auth>(), adminClient()],
});
`
    expect(
      plugins(input, ['organizationClient'], {
        call: 'createAuthClient',
        from: 'better-auth/client/plugins',
        style: SEMI,
      }),
    ).toBe(`import { createAuthClient } from "better-auth/react";
import {
  inferAdditionalFields,
  organizationClient,
} from "better-auth/client/plugins";

export const authClient = createAuthClient({
  plugins: [
    inferAdditionalFields<typeof auth>(),
    adminClient(),
    organizationClient(),
  ],
});
`)
  })

  it('appends to a multi-line list without a trailing comma, keeping that style', () => {
    const input = `export const auth = betterAuth({
  plugins: [
    apiTokens()
  ]
})
`
    expect(plugins(input, ['admin'])).toBe(`import { admin } from 'better-auth/plugins'

export const auth = betterAuth({
  plugins: [
    apiTokens(),
    admin()
  ]
})
`)
  })

  it('adds the plugins property when there is none', () => {
    const input = `export const auth = betterAuth({
  emailAndPassword: { enabled: true },
})
`
    expect(plugins(input, ['admin'])).toBe(`import { admin } from 'better-auth/plugins'

export const auth = betterAuth({
  emailAndPassword: { enabled: true },
  plugins: [admin()],
})
`)
  })

  it('refuses plugins that are not an array literal, with what to do', () => {
    expect(() => plugins('export const auth = betterAuth({ plugins: list })\n', ['admin'])).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/not an array literal/),
        hint: expect.stringMatching(/by hand/),
      }),
    )
    expect(() => plugins('export const auth = createAuth()\n', ['admin'])).toThrow(/no betterAuth/)
  })
})

describe('session.ts patches', () => {
  it('addBanCheck turns the final `return false` into the ban check, in the app style', () => {
    const input = `function isDeactivated(user: AuthUser) {
  if (user.deactivatedAt) return true;
  return false;
}
`
    const { text, patched } = addBanCheck(input, 'session.ts', SEMI)
    expect(patched).toBe(true)
    expect(text).toBe(`function isDeactivated(user: AuthUser) {
  if (user.deactivatedAt) return true;
  if (!user.banned) return false;
  // The admin plugin lets bans expire; an expired ban no longer blocks.
  return !user.banExpires || new Date(user.banExpires).getTime() > Date.now();
}
`)
    expect(addBanCheck(text, 'session.ts', SEMI)).toEqual({ text, patched: true })
  })

  it('addBanCheck leaves a function of another shape alone and says so', () => {
    const input = 'function isDeactivated(user: AuthUser) {\n  return Boolean(user.deactivatedAt)\n}\n'
    expect(addBanCheck(input, 'session.ts', STYLE)).toEqual({ text: input, patched: false })
  })

  it('addActiveOrganization reads the session row in getAccountContext', () => {
    const input = `export async function getAccountContext() {
  const { user } = await requireSession()
  const activeOrganizationId: string | null = null
  return { activeOrganizationId, user }
}
`
    const { text, patched } = addActiveOrganization(input, 'session.ts')
    expect(patched).toBe(true)
    expect(text).toBe(`export async function getAccountContext() {
  const { user, session } = await requireSession()
  const activeOrganizationId = session?.activeOrganizationId ?? null
  return { activeOrganizationId, user }
}
`)
    expect(addActiveOrganization(text, 'session.ts')).toEqual({ text, patched: true })
  })
})

describe('appendDeclarations', () => {
  const guards = `import { redirect } from '@tanstack/react-router'
import { fetchSession } from '#/lib/auth/session.functions'

export async function requireAuth() {
  return { session: await fetchSession() }
}
`
  const specifierFor = (_: unknown, module: string) =>
    module === './session.functions' ? '#/lib/auth/session.functions' : module

  it('appends after the last statement and extends the imports the file already has', () => {
    const result = appendDeclarations(
      guards,
      'guards.ts',
      [
        {
          name: 'requireAdminAuth',
          code: 'export const requireAdminAuth = 1\n',
          imports: { '@tanstack/react-router': ['notFound', 'redirect'], './session.functions': ['fetchAuthState'] },
          uses: ['requireAuth'],
        },
      ],
      { style: STYLE, specifierFor },
    )
    expect(result.added).toEqual(['requireAdminAuth'])
    expect(result.text).toBe(`import { redirect, notFound } from '@tanstack/react-router'
import { fetchSession, fetchAuthState } from '#/lib/auth/session.functions'

export async function requireAuth() {
  return { session: await fetchSession() }
}

export const requireAdminAuth = 1
`)
  })

  it('skips declarations the file has, and does not import a name it binds otherwise', () => {
    const input = `${guards}\nfunction hasRole() {\n  return true\n}\n`
    const result = appendDeclarations(
      input,
      'guards.ts',
      [
        { name: 'requireAuth', code: 'export const requireAuth = 2\n' },
        {
          name: 'requireEditorAuth',
          code: 'export const requireEditorAuth = 3\n',
          imports: { './roles': ['hasRole'] },
        },
      ],
      { style: STYLE },
    )
    expect(result.added).toEqual(['requireEditorAuth'])
    expect(result.text).toBe(`${input}\nexport const requireEditorAuth = 3\n`)
  })

  it('refuses to build on a declaration the file lacks', () => {
    expect(() =>
      appendDeclarations(guards, 'guards.ts', [{ name: 'x', code: 'const x = 1\n', uses: ['authMiddleware'] }], {
        style: STYLE,
      }),
    ).toThrow(/has no `authMiddleware`/)
  })
})
