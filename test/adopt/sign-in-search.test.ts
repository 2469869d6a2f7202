/**
 * A reused sign-in page whose `validateSearch` is a schema of its own (corpus issue 12, P1): the guards send
 * `search: { redirect }` to it, which a zod `z.object({ error })` neither types nor keeps (it strips unknown keys).
 * init adds `redirect` to that schema when it can see it, and refuses, writing nothing, when it cannot.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { syntaxErrors } from '../helpers/code-check.js'
import { makeTree, snapshotTree } from '../helpers/tree.js'
import { changedFiles, init, parseDocument } from '../init/support.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

const LOGIN = 'src/routes/login.tsx'

function app(login: string, extra: Record<string, string> = {}): string {
  const root = makeTree({
    'package.json': `${JSON.stringify({
      name: 'search-schema',
      private: true,
      type: 'module',
      imports: { '#/*': './src/*' },
      dependencies: {
        '@tanstack/react-router': '1.170.46',
        '@tanstack/react-start': '1.169.5',
        'better-auth': '^1.7.25',
        react: '^19.2.0',
        'react-dom': '^19.2.0',
        zod: '^4.1.0',
      },
    })}\n`,
    'src/routes/__root.tsx':
      "import { Outlet, createRootRoute } from '@tanstack/react-router'\n\n" +
      'export const Route = createRootRoute({ component: Outlet })\n',
    'src/lib/auth.ts':
      "import { betterAuth } from 'better-auth'\n\n" +
      'export const auth = betterAuth({ emailAndPassword: { enabled: true } })\n',
    'src/lib/auth-client.ts':
      "import { createAuthClient } from 'better-auth/react'\n\nexport const authClient = createAuthClient()\n",
    [LOGIN]: login,
    ...extra,
  })
  copies.push(root)
  return root
}

const page = (head: string, validateSearch: string) =>
  `import { createFileRoute } from '@tanstack/react-router'\n${head}import { authClient } from '#/lib/auth-client'\n\n` +
  `export const Route = createFileRoute('/login')({\n  validateSearch: ${validateSearch},\n  component: Login,\n})\n\n` +
  'function Login() {\n  const { error } = Route.useSearch()\n' +
  "  return <button onClick={() => authClient.signIn.email({ email: 'a@b.c', password: 'x' })}>{error}</button>\n}\n"

describe("init and a sign-in page's own search schema", () => {
  it('adds an optional `redirect` to a zod z.object() held in a const, and says so', () => {
    const login = page(
      "import { z } from 'zod'\n\nconst searchSchema = z.object({\n  error: z.string().optional(),\n})\n",
      'searchSchema',
    )
    const root = app(login)
    const result = init(root, ['--yes', '--no-install', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const document = parseDocument(result.stdout) as ReturnType<typeof parseDocument> & { notes: string[] }
    const after = snapshotTree(root)
    expect(after[LOGIN]).toBe(
      login.replace(
        '  error: z.string().optional(),\n',
        '  error: z.string().optional(),\n  redirect: z.string().optional(),\n',
      ),
    )
    expect(syntaxErrors(LOGIN, after[LOGIN]!)).toEqual([])
    expect(document.notes).toContainEqual(
      `Added an optional \`redirect\` to the zod schema of ${LOGIN}'s \`validateSearch\`, so the guards' ` +
        '`search: { redirect }` type-checks and is kept. Where the page goes after signing in is still its own ' +
        'choice: to send users back to the page that sent them, go to `getSafeRedirect(Route.useSearch().redirect)` ' +
        '(from #/lib/auth/redirect).',
    )
    expect(document.nextSteps.join('\n')).not.toContain('does not mention `redirect`')
    // the guards send there, with `redirect`
    expect(after['src/lib/auth/guards.ts']).toContain("to: '/login',")
    expect(after['src/lib/auth/guards.ts']).toMatch(/search: \{ redirect/)
  })

  it('reaches the schema through zodValidator() and a `(search) => schema.parse(search)` arrow', () => {
    const adapter = app(
      page(
        "import { zodValidator } from '@tanstack/zod-adapter'\nimport * as z from 'zod'\n",
        'zodValidator(z.object({ error: z.string().optional() }))',
      ),
    )
    expect(init(adapter, ['--yes', '--no-install']).code).toBe(0)
    expect(snapshotTree(adapter)[LOGIN]).toContain(
      'zodValidator(z.object({ error: z.string().optional(), redirect: z.string().optional() }))',
    )
    const parse = app(
      page("import { z } from 'zod'\n", '(search) => z.object({ next: z.string().optional() }).parse(search)'),
    )
    expect(init(parse, ['--yes', '--no-install']).code).toBe(0)
    expect(snapshotTree(parse)[LOGIN]).toContain(
      'z.object({ next: z.string().optional(), redirect: z.string().optional() })',
    )
  })

  it('refuses a schema it cannot see (imported from another file), naming the page, and writes nothing', () => {
    const root = app(page("import { loginSearch } from '#/lib/search'\n", 'loginSearch'), {
      'src/lib/search.ts':
        "import { z } from 'zod'\n\nexport const loginSearch = z.object({ error: z.string().optional() })\n",
    })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${LOGIN} (/login, your sign-in page) has a \`validateSearch\` kit-auth cannot add an optional \`redirect\` ` +
        "string to: kit-auth's guards and pages send `search: { redirect }` there, which would not type-check.",
    )
    expect(result.stderr).toContain('--sign-in-path <a free path>')
    expect(changedFiles(before, snapshotTree(root))).toEqual([])
  })

  it('refuses route options it cannot read (no validateSearch can be added), and writes nothing', () => {
    const login =
      "import { createFileRoute } from '@tanstack/react-router'\nimport { authClient } from '#/lib/auth-client'\n" +
      "import { loginOptions } from '#/lib/login-options'\n\nexport const Route = createFileRoute('/login')(loginOptions)\n" +
      "export const signIn = () => authClient.signIn.email({ email: 'a@b.c', password: 'x' })\n"
    const root = app(login, { 'src/lib/login-options.ts': 'export const loginOptions = {}\n' })
    const before = snapshotTree(root)
    const result = init(root, ['--yes', '--no-install'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${LOGIN} (/login, your sign-in page) has route options kit-auth cannot read, to add a \`validateSearch\` to`,
    )
    expect(changedFiles(before, snapshotTree(root))).toEqual([])
  })
})
