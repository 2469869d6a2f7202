/**
 * `kit-auth init` on an app whose Better Auth instance requires user fields at sign-up
 * (`user.additionalFields.x: { required: true }`): Better Auth refuses a sign-up without them, and the client's
 * `inferAdditionalFields<typeof auth>()` makes them required keys of `signUp.email`. kit-auth's sign-up page asks for
 * the ones a form input can carry (strings, numbers, booleans), typed as declared; with one it cannot (a date), it
 * writes no sign-up page and the report says why. A field without `required` is optional on the server: asked for
 * without HTML `required` and sent only when filled in (a date: not asked for), never a reason to drop the page.
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
    name: 'sign-up-fields',
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

function instance(fields: string[]): string {
  return [
    "import { betterAuth } from 'better-auth'",
    "import { tanstackStartCookies } from 'better-auth/tanstack-start'",
    '',
    'export const auth = betterAuth({',
    '  emailAndPassword: { enabled: true },',
    `  user: { additionalFields: { ${fields.join(', ')} } },`,
    '  plugins: [tanstackStartCookies()],',
    '})',
    '',
  ].join('\n')
}

function run(fields: string[]) {
  const root = makeTree({
    'package.json': PACKAGE_JSON,
    'src/routes/__root.tsx': ROOT_ROUTE,
    'src/lib/auth.ts': instance(fields),
  })
  copies.push(root)
  const result = init(root, ['--yes', '--no-install', '--json'])
  expect(result.code, result.stderr).toBe(0)
  const document = parseDocument(result.stdout) as ReturnType<typeof parseDocument> & {
    notes: string[]
    nextSteps: string[]
  }
  return { after: snapshotTree(root), document }
}

/** The text without whitespace: the page is formatted by the app's formatter settings. */
const flat = (text: string) => text.replace(/\s+/g, '')

describe('init on an instance that requires user fields at sign-up', () => {
  it('asks for the strings, numbers and booleans it requires, and sends them typed as declared', () => {
    const { after, document } = run([
      "username: { type: 'string', required: true, unique: true }",
      "age: { type: 'number', required: true }",
      "newsletter: { type: 'boolean', required: true }",
      "'display-name': { type: 'string', required: true }",
      // no `required`: the server takes a sign-up without it, but the client's types make it a required key
      "company: { type: 'string' }",
      // not asked for: optional, with a default, or not an input
      "nickname: { type: 'string', required: false }",
      "plan: { type: 'string', required: true, defaultValue: 'free' }",
      "note: { type: 'string', required: true, input: false }",
    ])
    const page = after['src/routes/sign-up.tsx']!
    const body = page.slice(page.indexOf('signUp.email({'), page.indexOf('})', page.indexOf('signUp.email({')))
    expect(body).toContain("username: formText(form, 'username'),")
    expect(body).toContain("age: Number(formText(form, 'age')),")
    expect(body).toContain("newsletter: form.get('newsletter') === 'on',")
    expect(body).toContain("'display-name': formText(form, 'display-name'),")
    expect(body).not.toMatch(/nickname|plan|note/)
    // one labelled input each, of the field's kind; a checkbox is not `required` (false is a value)
    expect(page).toMatch(/Username\s*<input\s+name="username"\s+type="text"\s+required/)
    expect(page).toMatch(/Age\s*<input\s+name="age"\s+type="number"\s+required/)
    expect(page).toMatch(/<input name="newsletter" type="checkbox" \/>\s*Newsletter/)
    expect(page).toMatch(/Display name\s*<input\s+name="display-name"/)
    // no `required`: optional on the server, so neither HTML-required nor sent when empty (the cast is the client's)
    expect(flat(page)).toContain(
      flat(
        "...((formText(form, 'company') ? { company: formText(form, 'company') } : {}) as Pick<" +
          "Parameters<typeof authClient.signUp.email>[0], 'company'>),",
      ),
    )
    expect(page).toMatch(/Company\s*<input\s+name="company"\s+type="text"\s+className/)
    expect(page.match(/<input/g)).toHaveLength(8)
    expect(after['src/routes/sign-in.tsx']).toContain('to="/sign-up"')
    expect(document.notes.join('\n')).toContain(
      'Your instance in src/lib/auth.ts requires `username`, `age`, `newsletter`, `display-name` at sign-up ' +
        '(user.additionalFields): src/routes/sign-up.tsx asks for them. `company` in src/lib/auth.ts ' +
        '(user.additionalFields, no `required: true`) is optional on your server: src/routes/sign-up.tsx sends it ' +
        'only when filled in (a checkbox always).',
    )
  })

  it('keeps the sign-up page for a date the server does not require: not asked for, its key left to the cast', () => {
    // the reviewer's case; tsc passes on this page with better-auth 1.3.34 and 1.7.25 installed (measured by hand)
    const { after, document } = run([
      "username: { type: 'string', required: true }",
      "birthday: { type: 'date' }",
      "age: { type: 'number' }",
    ])
    const page = after['src/routes/sign-up.tsx']!
    expect(page).toContain("username: formText(form, 'username'),")
    expect(flat(page)).toContain(flat("...({} as Pick<Parameters<typeof authClient.signUp.email>[0], 'birthday'>),"))
    expect(flat(page)).toContain(
      flat(
        "...((formText(form, 'age') ? { age: Number(formText(form, 'age')) } : {}) as Pick<" +
          "Parameters<typeof authClient.signUp.email>[0], 'age'>),",
      ),
    )
    expect(page).not.toMatch(/name="birthday"/)
    expect(page).toMatch(/Age\s*<input\s+name="age"\s+type="number"\s+className/)
    expect(after['src/routes/sign-in.tsx']).toContain('to="/sign-up"')
    expect(document.notes.join('\n')).toContain('and does not ask for `birthday` (no form input for its type).')
  })

  it('writes no sign-up page when one field is of a type its form cannot ask for, and says so', () => {
    const { after, document } = run([
      "username: { type: 'string', required: true }",
      "birthday: { type: 'date', required: true }",
    ])
    expect(after['src/routes/sign-up.tsx']).toBeUndefined()
    // the sign-in page links to no page that does not exist (nor imports Link for it)
    const signIn = after['src/routes/sign-in.tsx']!
    expect(signIn).toContain('signIn.email(')
    expect(signIn).not.toMatch(/sign-up|\bLink\b/)
    expect(document.notes.join('\n')).toMatch(
      /kit-auth wrote no sign-up page: your instance in src\/lib\/auth\.ts requires `birthday` \(type 'date'\) at sign-up, .*it must send `username`, `birthday`/,
    )
    expect(document.nextSteps.join('\n')).toMatch(/then sign in at http:\/\/localhost:\d+\/sign-in\./)
    expect(document.nextSteps.join('\n')).not.toContain('sign-up')
    // everything else is in place
    expect(after['src/lib/auth/guards.ts']).toBeDefined()
    expect(after['src/routes/forgot-password.tsx']).toBeDefined()
  })
})
