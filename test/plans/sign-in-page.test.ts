/**
 * An app's page at a sign-in path is reused as the guards' target only when it signs in through
 * Better Auth (it, or a module it imports, imports the app's auth client or a better-auth package);
 * a page of another system is left alone and kit-auth's page goes to a free path.
 */
import { cpSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ChangeSet } from '../../src/core/change-set.js'
import { findExistingAuth, freeSignInPath } from '../../src/plans/adopt.js'
import { inspectProject } from '../../src/project/inspect.js'
import { runCli } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const CLIENT = `import { createAuthClient } from 'better-auth/react'

export const authClient = createAuthClient()
`
const page = (id: string, imports: string, body = 'null') => `import { createFileRoute } from '@tanstack/react-router'
${imports}

export const Route = createFileRoute('${id}')({ component: () => ${body} })
`

/** default-npm with `files` added (app-relative path -> content). */
async function existingIn(files: Record<string, string>) {
  const project = await inspectProject(appWith(files))
  return findExistingAuth(project, new ChangeSet(project.root, project.workspaceRoot))
}

/** A copy of default-npm with `files` added; returns its root. */
function appWith(files: Record<string, string>): string {
  const root = makeTree({})
  copies.push(root)
  cpSync(path.join(FIXTURES_DIR, 'default-npm'), root, { recursive: true })
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  return root
}

describe('a page at a sign-in path', () => {
  it('is reused when it imports the app’s auth client', async () => {
    const existing = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/routes/login.tsx': page(
        '/login',
        "import { authClient } from '#/lib/auth-client'",
        'authClient.signIn.email && null',
      ),
    })
    expect(existing.signIn).toEqual({ path: '/login', file: 'src/routes/login.tsx' })
    expect(existing.foreignSignIn).toEqual([])
  })

  it('is reused when a component it imports signs in through the client (two levels down)', async () => {
    const existing = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/components/auth/form.tsx':
        "import { authClient } from '../../lib/auth-client'\nexport const Form = () => authClient.signIn.email && null\n",
      'src/components/auth/index.ts': "export { Form } from './form'\n",
      'src/routes/sign-in.tsx': page('/sign-in', "import { Form } from '@/components/auth'", 'Form'),
    })
    expect(existing.signIn?.path).toBe('/sign-in')
  })

  it('is reused when it imports a better-auth package itself', async () => {
    const existing = await existingIn({
      'src/routes/sign-in.tsx': page(
        '/sign-in',
        "import { createAuthClient } from 'better-auth/react'\nconst { signIn } = createAuthClient()",
        'signIn.email && null',
      ),
    })
    expect(existing.signIn?.path).toBe('/sign-in')
  })

  it('of another system is left alone: kit-auth’s page goes where neither it nor its sign-up page meets one', async () => {
    const shop = page('/sign-in', "import { signInCustomer } from '#/shop/customers'", 'signInCustomer && null')
    const customers = 'export const signInCustomer = async () => ({ ok: true })\n'
    const existing = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/shop/customers.ts': customers,
      'src/routes/sign-in.tsx': shop,
      // a type-only import of the client runs nothing: still not Better Auth
      'src/routes/login.tsx': page(
        '/login',
        "import type { authClient } from '#/lib/auth-client'\nimport { signInCustomer } from '#/shop/customers'",
        'signInCustomer && null',
      ),
    })
    expect(existing.signIn).toBeNull()
    expect(existing.foreignSignIn).toEqual([
      { path: '/login', file: 'src/routes/login.tsx' },
      { path: '/sign-in', file: 'src/routes/sign-in.tsx' },
    ])
    expect(freeSignInPath(existing)).toBe('/auth/sign-in')

    const crowded = await existingIn({
      'src/shop/customers.ts': customers,
      'src/routes/sign-in.tsx': shop,
      'src/routes/auth/sign-up.tsx': page('/auth/sign-up', "import { signInCustomer } from '#/shop/customers'"),
    })
    expect(freeSignInPath(crowded)).toBe('/signin')
  })

  it('is reused when its component sits in its .lazy.tsx half, or it signs in through a server function', async () => {
    const lazy = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/routes/sign-in.tsx':
        "import { createFileRoute } from '@tanstack/react-router'\n\nexport const Route = createFileRoute('/sign-in')({})\n",
      'src/routes/sign-in.lazy.tsx':
        "import { createLazyFileRoute } from '@tanstack/react-router'\nimport { authClient } from '#/lib/auth-client'\n\nexport const Route = createLazyFileRoute('/sign-in')({ component: () => authClient.signIn.social && null })\n",
    })
    expect(lazy.signIn?.path).toBe('/sign-in')
    // page -> barrel -> form -> server function module -> the instance: the instance's module ends the search
    const server = await existingIn({
      'src/lib/auth.ts': "import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({})\n",
      'src/server/sign-in.ts':
        "import { auth } from '#/lib/auth'\nexport const signInFn = () => auth.api.signInEmail\n",
      'src/components/form.tsx':
        "import { signInFn } from '#/server/sign-in'\nexport const Form = () => signInFn && null\n",
      'src/components/index.ts': "export { Form } from './form'\n",
      'src/routes/login.tsx': page('/login', "import { Form } from '#/components'", 'Form'),
    })
    expect(server.signIn?.path).toBe('/login')
    const ui = await existingIn({
      'src/routes/sign-in.tsx': page('/sign-in', "import { AuthCard } from '@daveyplate/better-auth-ui'", 'AuthCard'),
    })
    expect(ui.signIn?.path).toBe('/sign-in')
  })

  it('of another auth system stays foreign though a shared component uses the client; inline type imports run nothing', async () => {
    const existing = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/components/Header.tsx':
        "import { authClient } from '#/lib/auth-client'\nexport const Header = () => authClient && null\n",
      'src/routes/sign-in.tsx': page(
        '/sign-in',
        "import { SignIn } from '@clerk/tanstack-react-start'\nimport { Header } from '#/components/Header'",
        'SignIn && Header',
      ),
      // a type import of the client, and a header that reads the session (no sign-in call)
      'src/routes/login.tsx': page(
        '/login',
        "import { type authClient } from '#/lib/auth-client'\nimport { Header } from '#/components/Header'",
        'Header',
      ),
    })
    expect(existing.signIn).toBeNull()
    expect(existing.foreignSignIn.map((entry) => entry.path)).toEqual(['/login', '/sign-in'])
  })

  it('of Clerk at a catch-all (`sign-in.$.tsx` is /sign-in/$, which answers /sign-in): kit-auth’s page goes elsewhere', async () => {
    const clerk = (id: string, component: string) =>
      page(id, `import { ${component} } from '@clerk/tanstack-react-start'`, component)
    const existing = await existingIn({
      'src/routes/sign-in.$.tsx': clerk('/sign-in/$', 'SignIn'),
      'src/routes/sign-up.$.tsx': clerk('/sign-up/$', 'SignUp'),
    })
    expect(existing.signIn).toBeNull()
    expect(existing.foreignSignIn).toEqual([{ path: '/sign-in', file: 'src/routes/sign-in.$.tsx' }])
    // a /sign-in file beside it would become the catch-all's parent and take Clerk's URL
    expect(freeSignInPath(existing)).toBe('/auth/sign-in')
  })

  it('refuses to guess when every path for kit-auth’s page is taken', async () => {
    const shop = (id: string) => page(id, "import { signInCustomer } from '#/shop/customers'", 'signInCustomer && null')
    const existing = await existingIn({
      'src/shop/customers.ts': 'export const signInCustomer = async () => ({ ok: true })\n',
      'src/routes/sign-in.tsx': shop('/sign-in'),
      'src/routes/auth/sign-in.tsx': shop('/auth/sign-in'),
      'src/routes/signin.tsx': shop('/signin'),
      'src/routes/account/sign-in.tsx': shop('/account/sign-in'),
    })
    expect(() => freeSignInPath(existing)).toThrow(/Every path kit-auth would put its sign-in page at/)
  })

  it('puts kit-auth’s page at /sign-in when the app has no page there', async () => {
    expect(freeSignInPath(await existingIn({}))).toBe('/sign-in')
  })
})

describe('init beside a shop’s customer login (a form posting to its own server function)', () => {
  const SHOP_LOGIN = `import { createFileRoute } from '@tanstack/react-router'
import { signInCustomer } from '#/shop/customers'

export const Route = createFileRoute('/sign-in')({ component: CustomerSignIn })

function CustomerSignIn() {
  return (
    <form method="post" action={signInCustomer.url}>
      <input name="email" type="email" />
      <button type="submit">Sign in to the shop</button>
    </form>
  )
}
`
  const CUSTOMERS = `import { createServerFn } from '@tanstack/react-start'
import { setCookie } from '@tanstack/react-start/server'

export const signInCustomer = createServerFn({ method: 'POST' })
  .inputValidator((data: FormData) => String(data.get('email')))
  .handler(({ data }) => setCookie('shop_customer', data, { httpOnly: true }))
`

  it('leaves it alone though the app has a Better Auth client: kit-auth’s page, SIGN_IN_PATH and guards go elsewhere', () => {
    const root = appWith({
      'src/lib/auth-client.ts': CLIENT,
      'src/components/Account.tsx':
        "import { authClient } from '#/lib/auth-client'\nexport const Account = () => authClient.useSession() && null\n",
      'src/shop/customers.ts': CUSTOMERS,
      'src/routes/sign-in.tsx': SHOP_LOGIN,
    })
    const before = snapshotTree(root)
    const result = runCli(['init', '--yes', '--no-install', '--json'], { cwd: root })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const document = JSON.parse(result.stdout) as { notes: string[]; changes: { path: string }[] }
    const after = snapshotTree(root)
    expect(after['src/routes/sign-in.tsx']).toBe(before['src/routes/sign-in.tsx'])
    expect(after['src/shop/customers.ts']).toBe(CUSTOMERS)
    expect(document.changes.map((change) => change.path)).toEqual(
      expect.arrayContaining(['src/routes/auth/sign-in.tsx', 'src/routes/auth/sign-up.tsx']),
    )
    expect(after['src/lib/auth/session.ts']).toContain("export const SIGN_IN_PATH = '/auth/sign-in'")
    expect(after['src/lib/auth/guards.ts']).toContain("to: '/auth/sign-in'")
    expect(document.notes).toContain(
      'Left alone: /sign-in (src/routes/sign-in.tsx), which does not sign in through Better Auth (no auth client or ' +
        "better-auth import); kit-auth's sign-in page is /auth/sign-in. Pass --sign-in-path to choose another path.",
    )
  })
})

describe('a Better Auth sign-in page outside the sign-in paths', () => {
  const signsIn = "import { authClient } from '#/lib/auth-client'"
  const call = 'authClient.signIn.email && null'

  it('is found by what it does when named like one (/auth, /account/login)', async () => {
    const auth = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/routes/auth.tsx': page('/auth', signsIn, call),
    })
    expect(auth.signIn).toEqual({ path: '/auth', file: 'src/routes/auth.tsx' })
    const nested = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/routes/account/login.tsx': page('/account/login', signsIn, call),
    })
    expect(nested.signIn).toEqual({ path: '/account/login', file: 'src/routes/account/login.tsx' })
    // a name wins over pages that only call it (a pricing page's "Sign in with Google")
    const both = await existingIn({
      'src/lib/auth-client.ts': CLIENT,
      'src/routes/pricing.tsx': page('/pricing', signsIn, call),
      'src/routes/auth.tsx': page('/auth', signsIn, call),
    })
    expect(both.signIn?.path).toBe('/auth')
  })

  it('is not guessed: unnamed callers, anonymous sign-in, sign-up pages, the home page, a gated layout, another system', async () => {
    const apps: Record<string, string>[] = [
      // the one page calling signIn, but not named like a sign-in page (an invitation's inline form)
      { 'src/routes/accept-invitation.tsx': page('/accept-invitation', signsIn, call) },
      // a guest page signing everyone in anonymously, even at a sign-in name
      { 'src/routes/play.tsx': page('/play', signsIn, 'authClient.signIn.anonymous()') },
      { 'src/routes/auth.tsx': page('/auth', signsIn, 'authClient.signIn .anonymous()') },
      {
        'src/routes/pricing.tsx': page('/pricing', signsIn, call),
        'src/routes/welcome.tsx': page('/welcome', signsIn, call),
      },
      { 'src/routes/register.tsx': page('/register', signsIn, call) },
      // a template's demo page (`create --add-ons better-auth`): signs in and out, but is no sign-in page
      { 'src/routes/demo/better-auth.tsx': page('/demo/better-auth', signsIn, call) },
      { 'src/routes/index.tsx': page('/', signsIn, call) },
      // a private area that shows a sign-in form in place of its <Outlet />
      {
        'src/routes/admin.tsx': page(
          '/admin',
          `${signsIn}\nimport { Outlet } from '@tanstack/react-router'`,
          `${call} ?? <Outlet />`,
        ),
      },
      // named like one, but signs in through another system: a shop's login
      {
        'src/shop/customers.ts': 'export const signIn = async () => ({ ok: true })\n',
        'src/routes/shop/login.tsx': page('/shop/login', "import { signIn } from '#/shop/customers'", 'signIn(1)'),
      },
    ]
    for (const files of apps) {
      const existing = await existingIn({ 'src/lib/auth-client.ts': CLIENT, ...files })
      expect(existing.signIn, Object.keys(files).join(', ')).toBeNull()
    }
  })
})

describe('a Better Auth sign-in page found by what it does, whose validateSearch cannot take redirect', () => {
  it('is not reused: kit-auth writes its own sign-in page and says why (init used to refuse the app)', () => {
    const root = appWith({
      'src/lib/auth-client.ts': CLIENT,
      'src/routes/auth.tsx': [
        "import { createFileRoute } from '@tanstack/react-router'",
        "import { authClient } from '#/lib/auth-client'",
        '',
        'type AuthSearch = { callbackUrl?: string }',
        '',
        "export const Route = createFileRoute('/auth')({",
        '  validateSearch: (search: Record<string, unknown>): AuthSearch => ({',
        "    callbackUrl: typeof search.callbackUrl === 'string' ? search.callbackUrl : undefined,",
        '  }),',
        '  component: () => authClient.signIn.email && null,',
        '})',
        '',
      ].join('\n'),
    })
    const before = snapshotTree(root)
    const result = runCli(['init', '--yes', '--no-install', '--json'], { cwd: root })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const document = JSON.parse(result.stdout) as { notes: string[] }
    const after = snapshotTree(root)
    expect(after['src/routes/auth.tsx']).toBe(before['src/routes/auth.tsx'])
    expect(after['src/routes/sign-in.tsx']).toBeDefined()
    expect(after['src/lib/auth/session.ts']).toContain("export const SIGN_IN_PATH = '/sign-in'")
    expect(document.notes).toContain(
      'Not reused: /auth (src/routes/auth.tsx) signs in through Better Auth, but kit-auth cannot add the optional ' +
        "`redirect` the guards send to its `validateSearch`; kit-auth's sign-in page is /sign-in. To use yours, " +
        'make its `validateSearch` accept an optional `redirect` string and pass --sign-in-path /auth.',
    )
  })
})

describe('init beside a guest page signing in anonymously, or an invitation page with an inline sign-in form', () => {
  const PLAY = page('/play', "import { authClient } from '#/lib/auth-client'", 'authClient.signIn.anonymous()')
  // the reviewer's page: its validateSearch returns a new object, which kit-auth cannot give a `redirect`
  const INVITATION = `import { createFileRoute } from '@tanstack/react-router'
import { authClient } from '#/lib/auth-client'

export const Route = createFileRoute('/accept-invitation')({
  validateSearch: (search: Record<string, unknown>) => ({ id: String(search.id ?? '') }),
  component: () => authClient.signIn.email && null,
})
`

  it('reuses neither: kit-auth writes its own /sign-in page, the guards send users there, the page stays as it was', () => {
    for (const [file, text] of [
      ['src/routes/play.tsx', PLAY],
      ['src/routes/accept-invitation.tsx', INVITATION],
    ] as const) {
      const root = appWith({ 'src/lib/auth-client.ts': CLIENT, [file]: text })
      const result = runCli(['init', '--yes', '--no-install', '--json'], { cwd: root })
      expect(result.stderr, file).toBe('')
      expect(result.code).toBe(0)
      const after = snapshotTree(root)
      expect(after[file]).toBe(text)
      expect(after['src/routes/sign-in.tsx']).toContain("createFileRoute('/sign-in')")
      expect(after['src/lib/auth/session.ts']).toContain("export const SIGN_IN_PATH = '/sign-in'")
    }
  })
})
