/**
 * The planning of `kit-auth add oauth <provider...>`, `add oidc` and `add magic-link` (built CLI,
 * --no-install) on an app init'ed by kit-auth (default-npm, better-auth 1.7), on the app's own
 * 1.3 instance (better-auth-1-3, adopted by init: the oauth2 endpoints and client plugin), and
 * refusals. The diffs are snapshotted; the same commands' output is type-checked, built and run
 * against real providers in sign-in-methods.heavy.test.ts.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliResult } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles } from '../init/support.js'
import { diffOf, read, syntaxErrors } from '../add-guard/support.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function initialised(fixture: string, args: string[] = []): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-sign-in-${fixture}-`))
  cpSync(path.join(FIXTURES_DIR, fixture), root, { recursive: true })
  temps.push(root)
  const result = cli(root, ['init', '--yes', ...args])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  return root
}

function cli(app: string, args: string[]): CliResult {
  return runCli([...args, '--no-install', '--cwd', app])
}

interface Document {
  nothingToDo?: boolean
  changes: { path: string; action: string }[]
  notes?: string[]
  nextSteps: string[]
  callbackURLs?: string[]
  features?: { name: string; on: boolean }[]
}

function add(app: string, args: string[]): { result: CliResult; document: Document } {
  const result = cli(app, ['add', ...args, '--json'])
  return { result, document: JSON.parse(result.stdout) as Document }
}

const PAGES = ['src/routes/sign-in.tsx', 'src/routes/sign-up.tsx', 'src/routes/_authenticated/account.tsx']
const BUTTONS = [
  'src/lib/auth/sign-in-providers.ts',
  'src/lib/auth/components/sign-in-providers.tsx',
  'src/lib/auth/components/linked-accounts.tsx',
]

describe('add oauth, oidc, magic-link on an app kit-auth init set up (better-auth 1.7)', () => {
  let app: string
  const steps = [
    {
      args: ['oauth', 'github', 'google', 'microsoft', 'apple', 'discord', 'gitlab'],
      files: [
        'src/lib/auth/auth.ts',
        'src/lib/auth/apple-client-secret.ts',
        'src/lib/auth/sign-in-errors.ts',
        '.env.local',
        ...BUTTONS,
        ...PAGES,
      ],
    },
    {
      args: ['oidc', '--id', 'keycloak', '--name', 'Keycloak'],
      files: ['src/lib/auth/auth.ts', '.env.local', 'src/lib/auth/sign-in-providers.ts'],
    },
    { args: ['oidc'], files: ['src/lib/auth/auth.ts', '.env.local', 'src/lib/auth/sign-in-providers.ts'] },
    {
      args: ['magic-link'],
      files: [
        'src/lib/auth/auth.ts',
        'src/lib/auth/auth-client.ts',
        'src/lib/auth/magic-link-email.ts',
        'src/lib/auth/components/magic-link-form.tsx',
        'src/routes/sign-in.tsx',
      ],
    },
  ]
  const runs: { document: Document; before: Record<string, string>; after: Record<string, string> }[] = []

  beforeAll(() => {
    app = initialised('default-npm')
    for (const step of steps) {
      const before = snapshotTree(app)
      const { result, document } = add(app, step.args)
      if (result.code !== 0) throw new Error(`add ${step.args.join(' ')} failed: ${result.stderr}`)
      runs.push({ document, before, after: snapshotTree(app) })
    }
  })

  it('plans and writes exactly the expected files, which parse', () => {
    steps.forEach((step, index) => {
      const run = runs[index]!
      const planned = run.document.changes.filter((change) => change.action !== 'unchanged').map((c) => c.path)
      expect(planned.sort(), step.args.join(' ')).toEqual([...step.files].sort())
      expect(changedFiles(run.before, run.after), step.args.join(' ')).toEqual([...step.files].sort())
      for (const file of step.files.filter((name) => /\.tsx?$/.test(name)))
        expect(syntaxErrors(file, run.after[file]!), file).toEqual([])
    })
  })

  it('matches the reviewed diffs', async () => {
    for (const [index, run] of runs.entries()) {
      const name = steps[index]!.args.filter((arg) => !arg.startsWith('-'))
        .slice(0, 2)
        .join('-')
      for (const file of changedFiles(run.before, run.after).filter((file) => file !== '.env.local')) {
        await expect(diffOf(file, run.before[file], run.after[file]!)).toMatchFileSnapshot(
          `./__snapshots__/sign-in/${index + 1}-${name}/${file}.diff.snap`,
        )
      }
    }
  })

  it('configures the providers from env placeholders merged into the env file, and trusts only some for linking', () => {
    const auth = read(app, 'src/lib/auth/auth.ts')
    for (const id of ['github', 'google', 'microsoft', 'discord', 'gitlab'])
      expect(auth).toContain(`clientId: process.env.${id.toUpperCase()}_CLIENT_ID ?? ''`)
    expect(auth).toContain("tenantId: process.env.MICROSOFT_TENANT_ID || 'common'")
    // read at each use, so the JWT is signed again before it expires
    expect(auth).toContain('get clientSecret() {\n        return appleClientSecret()\n      },')
    expect(auth).toContain("trustedProviders: ['github', 'google', 'apple']")
    // 1.7 says which addresses are verified and refuses to link to an unverified local one itself
    expect(auth).not.toContain('mapProfileToUser')
    expect(auth).not.toContain('accountLinkingGuard')
    expect(auth).not.toContain('disableSignUp')
    expect(auth).toMatch(/providerId: 'keycloak',[\s\S]*process\.env\.KEYCLOAK_ISSUER/)
    expect(auth).toMatch(/providerId: 'oidc',[\s\S]*process\.env\.OIDC_ISSUER/)
    expect(auth.match(/genericOAuth\(/g)).toHaveLength(1)
    expect(auth).toMatch(/magicLink\(\{[\s\S]*sendEmail\(magicLinkEmail\(email, url\)\)/)
    // the plugins stay before the cookies plugin, which must be last
    expect(auth.indexOf('magicLink(')).toBeLessThan(auth.indexOf('tanstackStartCookies()'))
    const env = read(app, '.env.local')
    for (const name of [
      'GITHUB_CLIENT_ID=',
      'APPLE_PRIVATE_KEY=',
      'MICROSOFT_TENANT_ID=common',
      'OIDC_ISSUER=',
      'KEYCLOAK_CLIENT_SECRET=',
    ])
      expect(env).toContain(name)
    expect(env).toMatch(/^BETTER_AUTH_SECRET=\S{32,}/m)
    // 1.7: generic providers sign in as social ones, without a client plugin
    expect(read(app, 'src/lib/auth/auth-client.ts')).not.toContain('genericOAuthClient')
    expect(read(app, 'src/lib/auth/components/sign-in-providers.tsx')).not.toContain('signIn.oauth2')
    // 1.7 unlinks by the account row's id
    expect(read(app, 'src/lib/auth/components/linked-accounts.tsx')).toContain(
      'authClient.unlinkAccount({ accountId: account.id })',
    )
  })

  it('prints the callback URLs the installed release uses', () => {
    expect(runs[0]!.document.callbackURLs).toEqual(
      ['github', 'google', 'microsoft', 'apple', 'discord', 'gitlab'].map(
        (id) => `http://localhost:3000/api/auth/callback/${id}`,
      ),
    )
    expect(runs[1]!.document.nextSteps.join('\n')).toContain(
      'register the redirect URI http://localhost:3000/api/auth/callback/keycloak',
    )
    expect(runs[2]!.document.callbackURLs).toEqual(['http://localhost:3000/api/auth/callback/oidc'])
  })

  it('the buttons go on sign-in and sign-up, linking on the account page, the link form on sign-in', () => {
    for (const page of ['src/routes/sign-in.tsx', 'src/routes/sign-up.tsx'])
      expect(read(app, page)).toContain('<SignInProviders redirect={redirect} />')
    expect(read(app, 'src/routes/_authenticated/account.tsx')).toContain('<LinkedAccounts />')
    expect(read(app, 'src/routes/sign-in.tsx')).toContain('<MagicLinkForm redirect={redirect} />')
    expect(read(app, 'src/lib/auth/sign-in-providers.ts')).toContain(
      "{ id: 'keycloak', label: 'Keycloak', generic: true },\n  { id: 'oidc', label: 'Single sign-on', generic: true },",
    )
  })

  it('a second run of each changes nothing and says so; --list shows them on', () => {
    for (const args of [['oauth', 'github', 'gitlab'], ['oidc'], ['oidc', '--id', 'keycloak'], ['magic-link']]) {
      const before = snapshotTree(app)
      const { result, document } = add(app, args)
      expect(result.code, args.join(' ')).toBe(0)
      expect(document.nothingToDo, args.join(' ')).toBe(true)
      expect(document.notes?.[0]).toBe(`${args[0]} is already on in this app: nothing to change.`)
      expect(snapshotTree(app)).toEqual(before)
    }
    const on = add(app, ['--list'])
      .document.features?.filter((feature) => feature.on)
      .map((f) => f.name)
    expect(on).toEqual(expect.arrayContaining(['oauth', 'oidc', 'magic-link']))
  })

  it('adds one more provider to the ones there, and only it', () => {
    const root = initialised('default-npm')
    expect(add(root, ['oauth', 'github']).result.code).toBe(0)
    const { result, document } = add(root, ['oauth', 'github', 'google'])
    expect(result.code).toBe(0)
    expect(document.notes).toContain('Already configured, left as it is: github.')
    const auth = read(root, 'src/lib/auth/auth.ts')
    expect(auth.match(/GITHUB_CLIENT_ID/g)).toHaveLength(1)
    expect(auth).toContain("trustedProviders: ['github', 'google']")
    expect(document.notes).toContain(
      'src/lib/auth/auth.ts: added socialProviders.google, account.accountLinking.trustedProviders google.',
    )
    expect(read(root, 'src/lib/auth/sign-in-providers.ts')).toContain(
      "{ id: 'github', label: 'GitHub' },\n  { id: 'google', label: 'Google' },",
    )
  })

  it('trusts only the providers it adds: one the user took out of trustedProviders stays out', () => {
    const root = initialised('default-npm')
    expect(add(root, ['oauth', 'github']).result.code).toBe(0)
    const file = path.join(root, 'src/lib/auth/auth.ts')
    const text = read(root, 'src/lib/auth/auth.ts')
    expect(text).toContain("trustedProviders: ['github'],")
    writeFileSync(file, text.replace("trustedProviders: ['github'],", 'trustedProviders: [],'))
    const again = add(root, ['oauth', 'github'])
    expect(again.result.code).toBe(0)
    expect(again.document.nothingToDo).toBe(true)
    const { result, document } = add(root, ['oauth', 'github', 'google', 'gitlab'])
    expect(result.code, result.stderr).toBe(0)
    expect(read(root, 'src/lib/auth/auth.ts')).toContain("trustedProviders: ['google'],")
    expect(document.notes).toContain(
      'src/lib/auth/auth.ts: added socialProviders.google, socialProviders.gitlab, account.accountLinking.trustedProviders google.',
    )
  })

  it('reports the trustedProviders it adds to the app’s own accountLinking', () => {
    const root = initialised('default-npm')
    const file = path.join(root, 'src/lib/auth/auth.ts')
    const text = read(root, 'src/lib/auth/auth.ts')
    writeFileSync(
      file,
      text.replace('  emailAndPassword: {', '  account: { accountLinking: { enabled: true } },\n  emailAndPassword: {'),
    )
    const { result, document } = add(root, ['oauth', 'apple', 'discord'])
    expect(result.code, result.stderr).toBe(0)
    expect(read(root, 'src/lib/auth/auth.ts')).toMatch(
      /accountLinking: \{\s+enabled: true,\s+trustedProviders: \['apple'\],?\s+\}/,
    )
    expect(document.notes).toContain(
      'src/lib/auth/auth.ts: added socialProviders.apple, socialProviders.discord, account.accountLinking.trustedProviders apple.',
    )
  })

  it('keeps sign-up closed: every method added to an app with emailAndPassword.disableSignUp gets disableSignUp', () => {
    const root = initialised('default-npm')
    const file = path.join(root, 'src/lib/auth/auth.ts')
    const text = read(root, 'src/lib/auth/auth.ts')
    expect(text).toContain('  emailAndPassword: {\n    enabled: true,\n')
    writeFileSync(
      file,
      text.replace(
        '  emailAndPassword: {\n    enabled: true,\n',
        '  emailAndPassword: {\n    enabled: true,\n    disableSignUp: true,\n',
      ),
    )
    const notes: string[] = []
    for (const args of [['oauth', 'github', 'apple'], ['oidc'], ['magic-link']]) {
      const { result, document } = add(root, args)
      expect(result.code, result.stderr).toBe(0)
      notes.push(...(document.notes ?? []))
    }
    const auth = read(root, 'src/lib/auth/auth.ts')
    const block = (start: string) => auth.slice(auth.indexOf(start), auth.indexOf('\n    }', auth.indexOf(start)))
    for (const start of ['github: {', 'apple: {', "providerId: 'oidc'"])
      expect(block(start)).toContain('disableSignUp: true,')
    expect(auth).toMatch(/magicLink\(\{[\s\S]*?disableSignUp: true,\s*\}\)/)
    expect(auth.match(/disableSignUp: true/g)).toHaveLength(5)
    expect(notes.filter((note) => note.startsWith('Sign-up is closed in this app'))).toHaveLength(3)
  })
})

describe('add oidc and magic-link on the app’s own better-auth 1.3 instance (adopted)', () => {
  let app: string
  beforeAll(() => {
    app = initialised('better-auth-1-3')
  })

  it('uses the oauth2 endpoints, callback path and client plugin of releases before 1.7', () => {
    const { result, document } = add(app, ['oidc', '--name', 'Company SSO'])
    expect(result.code, result.stderr).toBe(0)
    expect(document.callbackURLs).toEqual(['http://localhost:3000/api/auth/oauth2/callback/oidc'])
    const auth = read(app, 'src/lib/auth.ts')
    expect(auth).toMatch(
      /genericOAuth\(\{[\s\S]*providerId: 'oidc'[\s\S]*\}\),\s+accountLinkingGuard\(\),\s+signInErrorPage\(\),\s+reactStartCookies\(\)/,
    )
    // before 1.6 Better Auth links to a user whose email is not verified: kit-auth's guard refuses it
    expect(auth).toContain("import { accountLinkingGuard } from '#/lib/auth/account-linking-guard'")
    expect(read(app, 'src/lib/auth/account-linking-guard.ts')).toContain("throw new APIError('FORBIDDEN', NOT_LINKED)")
    expect(document.notes?.join('\n')).toContain('added accountLinkingGuard() (src/lib/auth/account-linking-guard.ts)')
    expect(read(app, 'src/lib/auth-client.ts')).toContain('genericOAuthClient()')
    const buttons = read(app, 'src/lib/auth/components/sign-in-providers.tsx')
    expect(buttons).toMatch(/provider\.generic\s+\? await authClient\.signIn\.oauth2\(\{\s+providerId: provider\.id,/)
    const linking = read(app, 'src/lib/auth/components/linked-accounts.tsx')
    expect(linking).toContain('authClient.oauth2.link(')
    expect(linking).toMatch(/unlinkAccount\(\{\s+providerId: account\.providerId,\s+accountId: account\.accountId,/)
    // the app's own /login page gets the two lines to add, not an edit
    expect(document.nextSteps.join('\n')).toContain(
      "Add to your sign-in page (src/routes/login.tsx): `import { SignInProviders } from '#/lib/auth/components/sign-in-providers'`",
    )
    expect(document.nextSteps.join('\n')).toContain('Add to your sign-up page, if you have one: ')
  })

  it('oauth alone gives the client genericOAuthClient() too: the buttons’ oauth2 branch is typed by it', () => {
    const root = initialised('better-auth-1-3')
    const { result, document } = add(root, ['oauth', 'github', 'microsoft', 'gitlab'])
    expect(result.code, result.stderr).toBe(0)
    // 1.3's Microsoft and GitLab providers say every address is verified: mapped to unverified
    const auth = read(root, 'src/lib/auth.ts')
    for (const id of ['microsoft', 'gitlab']) {
      const entry = auth.slice(auth.indexOf(`${id}: {`), auth.indexOf('\n    }', auth.indexOf(`${id}: {`)))
      expect(entry, id).toContain('mapProfileToUser: () => ({ emailVerified: false }),')
    }
    expect(auth.match(/mapProfileToUser/g)).toHaveLength(2)
    expect(auth.match(/accountLinkingGuard\(\)/g)).toHaveLength(1)
    expect(document.notes?.join('\n')).toContain(
      'better-auth 1.3.34 reports every Microsoft and GitLab address as verified: kit-auth maps it to unverified',
    )
    expect(read(root, 'src/lib/auth-client.ts')).toContain('genericOAuthClient()')
    expect(read(root, 'src/lib/auth/components/sign-in-providers.tsx')).toContain('authClient.signIn.oauth2(')
  })

  it('magic-link imports the email module by the app’s alias', () => {
    const { result } = add(app, ['magic-link'])
    expect(result.code, result.stderr).toBe(0)
    const auth = read(app, 'src/lib/auth.ts')
    expect(auth).toContain("import { magicLinkEmail } from '#/lib/auth/magic-link-email'")
    expect(auth).toMatch(/import \{[^}]*sendEmail[^}]*\} from '#\/lib\/auth\/email'/)
    expect(read(app, 'src/lib/auth-client.ts')).toContain('magicLinkClient()')
  })
})

describe('refusals: one line, a hint, non-zero exit, nothing changed', () => {
  let app: string
  beforeAll(() => {
    app = initialised('default-npm', ['--no-email'])
  })

  it.each([
    [['oauth'], 2, 'kit-auth add oauth needs at least one provider.', 'Known providers: github, google, apple'],
    [['oauth', 'github', 'myspace'], 2, '"myspace" is not a provider kit-auth knows.', 'Known providers:'],
    [
      ['oidc', '--id', 'github'],
      2,
      '--id "github" is the id of Better Auth\'s built-in github provider.',
      'add oauth github',
    ],
    [['oidc', '--id', 'credential'], 2, '--id "credential" is a provider id Better Auth uses itself', '--id keycloak'],
    [['oidc', '--id', 'facebook'], 2, '--id "facebook" is a provider id Better Auth uses itself', '--id keycloak'],
    [
      ['oauth', 'github', '--require-email-verification'],
      2,
      '--require-email-verification goes with kit-auth add email-verification, not oauth.',
      'kit-auth add email-verification --require-email-verification',
    ],
    [
      ['email', '--require-email-verification'],
      2,
      '--require-email-verification goes with kit-auth add email-verification, not email.',
      'kit-auth add email-verification',
    ],
    [['oidc', '--id', 'My IdP'], 2, '--id "My IdP" is not a provider id kit-auth can use.', 'lowercase letters'],
    [['oidc', 'keycloak'], 2, 'kit-auth add oidc takes no other arguments (got keycloak).', '--id and --name'],
    [['oauth', 'github', '--name', 'Git'], 2, '--id and --name go with kit-auth add oidc, not oauth.', 'fixed ids'],
    [['magic-link'], 1, 'src/lib/auth/email.ts does not exist', 'Run `npx kit-auth add email` first'],
  ])('%j', (args, code, message, hint) => {
    const before = snapshotTree(app)
    const result = cli(app, ['add', ...args])
    expect(result.code).toBe(code)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain(message)
    expect(lines[1]).toContain(hint)
    expect(snapshotTree(app)).toEqual(before)
  })

  it('--dry-run plans oauth and writes nothing', () => {
    const before = snapshotTree(app)
    const { result, document } = add(app, ['oauth', 'github', '--dry-run'])
    expect(result.code).toBe(0)
    expect(document.changes.map((change) => change.path)).toContain('src/lib/auth/sign-in-providers.ts')
    expect(snapshotTree(app)).toEqual(before)
  })

  it('magic-link works once `add email` wrote the email module', () => {
    expect(cli(app, ['add', 'email']).code).toBe(0)
    const { result } = add(app, ['magic-link'])
    expect(result.code, result.stderr).toBe(0)
    expect(read(app, 'src/lib/auth/magic-link-email.ts')).toContain("import { APP_NAME } from '#/lib/auth/email'")
    expect(read(app, 'src/lib/auth/auth.ts')).toContain("import { magicLinkEmail } from './magic-link-email'")
  })
})

describe("the callback URLs without BETTER_AUTH_URL in the env file: the dev server's URL", () => {
  it("uses the dev server's port (Vite's 5173 for a plain `vite dev`), not 3000", () => {
    const app = initialised('default-npm')
    const env = read(app, '.env.local')
    writeFileSync(path.join(app, '.env.local'), env.replace(/^BETTER_AUTH_URL=.*\n/m, ''))
    const pkg = read(app, 'package.json')
    writeFileSync(path.join(app, 'package.json'), pkg.replace('"vite dev --port 3000"', '"vite dev"'))
    const { result, document } = add(app, ['oauth', 'github'])
    expect(result.code, result.stderr).toBe(0)
    expect(document.callbackURLs).toEqual(['http://localhost:5173/api/auth/callback/github'])
  })
})
