/**
 * `kit-auth add <feature>` on (a) an app init'ed with --no-email, (b) an app an earlier kit-auth
 * initialised (8582053's output, test/add/earlier-kit-auth), (c) the app's own Better Auth instance
 * (fixtures/existing-better-auth, adopted by init; and one whose options sit in a `satisfies`
 * const with a reset callback of its own). Each run's diff per changed file is snapshotted
 * (__snapshots__/<case>/<file>.diff.snap) AND checked: the files parse, the planned files are the
 * written ones, a second run plans nothing, --dry-run writes nothing.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliResult } from '../helpers/cli.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { snapshotTree } from '../helpers/tree.js'
import { changedFiles } from '../init/support.js'
import { diffOf, read, syntaxErrors, write } from '../add-guard/support.js'

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function copy(fixture: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `kit-auth-add-${fixture}-`))
  cpSync(path.join(FIXTURES_DIR, fixture), root, { recursive: true })
  temps.push(root)
  return root
}

function cli(app: string, args: string[]): CliResult {
  return runCli([...args, '--no-install', '--cwd', app])
}

function initialised(fixture: string, args: string[]): string {
  const root = copy(fixture)
  const result = cli(root, ['init', '--yes', ...args])
  if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
  return root
}

/** default-npm as kit-auth at 8582053 (before the account emails) left it. */
function earlierKitAuthApp(): string {
  const root = copy('default-npm')
  cpSync(path.join(import.meta.dirname, 'earlier-kit-auth'), root, { recursive: true })
  return root
}

interface AddDocument {
  ok: boolean
  dryRun: boolean
  nothingToDo?: boolean
  changes: { path: string; action: string }[]
  notes?: string[]
  nextSteps: string[]
  alreadyOn?: boolean
  added?: string[]
  yours?: string[]
  error?: { message: string; hint: string }
  features?: { name: string; available: boolean; on: boolean }[]
}

function add(app: string, args: string[]): { result: CliResult; document: AddDocument } {
  const result = cli(app, ['add', ...args, '--json'])
  return { result, document: JSON.parse(result.stdout) as AddDocument }
}

const OWN_APP = "import { betterAuth, type BetterAuthOptions } from 'better-auth'"
/** An app's own instance: options in a `satisfies` const, its own reset email, no emailVerification. */
const OPTIONS_IN_A_CONST = `${OWN_APP}
import { tanstackStartCookies } from 'better-auth/tanstack-start'
import { sendMail } from './mailer'

const options = {
  emailAndPassword: { enabled: true, sendResetPassword: async ({ user, url }) => sendMail(user.email, url) },
  plugins: [tanstackStartCookies()],
} satisfies BetterAuthOptions

export const auth = betterAuth(options)
`

interface Case {
  name: string
  prepare: () => string
  auth: string
  signIn: string
  /** Per feature (run in this order), the files it must create or update, and nothing else. */
  steps: { feature: string; args?: string[]; files: string[] }[]
}

const FORGOT = ['src/lib/auth/components/forgot-password-link.tsx', 'src/routes/forgot-password.tsx']
const RESET = 'src/routes/reset-password.tsx'
const VERIFY = [
  'src/lib/auth/components/verify-email-notice.tsx',
  'src/lib/auth/components/change-email-form.tsx',
  'src/routes/verify-email.tsx',
]
const EMAIL = ['src/lib/auth/email.ts', 'package.json', '.gitignore']

const CASES: Case[] = [
  {
    name: 'no-email',
    prepare: () => initialised('default-npm', ['--no-email']),
    auth: 'src/lib/auth/auth.ts',
    signIn: 'src/routes/sign-in.tsx',
    steps: [
      {
        feature: 'password-reset',
        files: ['src/lib/auth/auth.ts', ...EMAIL, ...FORGOT, RESET, 'src/routes/sign-in.tsx'],
      },
      {
        feature: 'email-verification',
        args: ['--require-email-verification'],
        files: [
          'src/lib/auth/auth.ts',
          ...VERIFY,
          'src/routes/sign-in.tsx',
          'src/routes/sign-up.tsx',
          'src/routes/_authenticated/account.tsx',
        ],
      },
    ],
  },
  {
    name: 'earlier-kit-auth',
    prepare: earlierKitAuthApp,
    auth: 'src/lib/auth/auth.ts',
    signIn: 'src/routes/sign-in.tsx',
    steps: [
      {
        feature: 'email-verification',
        files: [
          'src/lib/auth/auth.ts',
          ...EMAIL,
          ...VERIFY,
          'src/routes/sign-in.tsx',
          'src/routes/sign-up.tsx',
          'src/routes/_authenticated/account.tsx',
        ],
      },
      {
        feature: 'password-reset',
        files: ['src/lib/auth/auth.ts', ...FORGOT, RESET, 'src/routes/sign-in.tsx'],
      },
    ],
  },
  {
    name: 'adopted',
    prepare: () => initialised('existing-better-auth', ['--no-email']),
    auth: 'src/lib/auth.ts',
    signIn: 'src/routes/login.tsx',
    steps: [
      { feature: 'password-reset', files: ['src/lib/auth.ts', ...EMAIL, ...FORGOT, RESET] },
      {
        feature: 'email-verification',
        files: ['src/lib/auth.ts', ...VERIFY, 'src/routes/sign-up.tsx', 'src/routes/_authenticated/account.tsx'],
      },
    ],
  },
  {
    name: 'adopted-options-const',
    prepare: () => {
      const root = copy('existing-better-auth')
      write(root, 'src/lib/auth.ts', OPTIONS_IN_A_CONST)
      write(root, 'src/lib/mailer.ts', 'export async function sendMail(to: string, url: string) {}\n')
      const result = cli(root, ['init', '--yes', '--no-email'])
      if (result.code !== 0) throw new Error(`init failed: ${result.stderr}`)
      return root
    },
    auth: 'src/lib/auth.ts',
    signIn: 'src/routes/login.tsx',
    steps: [
      // the app's own sendResetPassword stays: only the pages, email.ts and the packages come
      { feature: 'password-reset', files: [...EMAIL, ...FORGOT, RESET] },
      {
        feature: 'email-verification',
        files: ['src/lib/auth.ts', ...VERIFY, 'src/routes/sign-up.tsx', 'src/routes/_authenticated/account.tsx'],
      },
    ],
  },
]

describe.each(CASES)('$name', (testCase) => {
  let app: string
  const runs: {
    feature: string
    document: AddDocument
    before: Record<string, string>
    after: Record<string, string>
  }[] = []

  beforeAll(() => {
    app = testCase.prepare()
    for (const step of testCase.steps) {
      const before = snapshotTree(app)
      const { result, document } = add(app, [step.feature, ...(step.args ?? [])])
      if (result.code !== 0) throw new Error(`add ${step.feature} failed: ${result.stderr}`)
      runs.push({ feature: step.feature, document, before, after: snapshotTree(app) })
    }
  })

  it('plans exactly the expected files, writes exactly those, and they parse', () => {
    testCase.steps.forEach((step, index) => {
      const run = runs[index]!
      const planned = run.document.changes.filter((change) => change.action !== 'unchanged').map((c) => c.path)
      expect(planned.sort(), step.feature).toEqual([...step.files].sort())
      expect(changedFiles(run.before, run.after), step.feature).toEqual([...step.files].sort())
      for (const file of step.files.filter((name) => /\.tsx?$/.test(name)))
        expect(syntaxErrors(file, run.after[file]!), file).toEqual([])
    })
  })

  it('matches the reviewed diffs', async () => {
    for (const [index, run] of runs.entries()) {
      for (const file of changedFiles(run.before, run.after)) {
        await expect(diffOf(file, run.before[file], run.after[file]!)).toMatchFileSnapshot(
          `./__snapshots__/${testCase.name}/${index + 1}-${run.feature}/${file}.diff.snap`,
        )
      }
    }
  })

  it('sends the emails through lib/auth/email.ts, keeping a callback of the app’s own', () => {
    const auth = read(app, testCase.auth)
    expect(auth).toMatch(/sendVerificationEmail: async \(\{ user, url \}\) =>\s+sendEmail\(authEmails\.verifyEmail/)
    expect(auth).toMatch(/import \{ authEmails, sendEmail \} from '(\.\/email|#\/lib\/auth\/email)'/)
    expect(auth.match(/sendResetPassword/g)).toHaveLength(1)
    expect(auth).toContain('changeEmail: { enabled: true }')
    const yours = runs[0]!.document.yours ?? []
    if (testCase.name === 'adopted-options-const') {
      expect(auth).toContain('sendResetPassword: async ({ user, url }) => sendMail(user.email, url)')
      expect(yours).toEqual(['emailAndPassword.sendResetPassword'])
      expect(runs[0]!.document.notes?.join('\n')).toContain('already configured by you')
    } else {
      expect(auth).toContain('sendEmail(authEmails.resetPassword(user.email, url))')
      expect(yours).toEqual([])
    }
  })

  it('puts the components into kit-auth’s pages; the two lines to add for the app’s own sign-in page', () => {
    const signIn = read(app, testCase.signIn)
    const account = read(app, 'src/routes/_authenticated/account.tsx')
    expect(account).toContain("import { VerifyEmailNotice } from '#/lib/auth/components/verify-email-notice'")
    expect(account).toContain('<VerifyEmailNotice user={session.user} />')
    expect(account).toContain('<ChangeEmailForm />')
    const steps = runs.flatMap((run) => run.document.nextSteps).join('\n')
    if (testCase.signIn === 'src/routes/sign-in.tsx') {
      expect(signIn).toContain('<ForgotPasswordLink />')
      expect(signIn).toMatch(/(failed|error)\.code === 'EMAIL_NOT_VERIFIED'/)
      expect(steps).not.toContain('Add to your sign-in page')
    } else {
      expect(signIn).not.toContain('ForgotPasswordLink')
      expect(steps).toContain(
        'Add to your sign-in page (src/routes/login.tsx): ' +
          "`import { ForgotPasswordLink } from '#/lib/auth/components/forgot-password-link'` " +
          'and `<ForgotPasswordLink />`.',
      )
    }
    expect(read(app, 'src/routes/sign-up.tsx')).toContain("callbackURL: '/verify-email'")
    // --require-email-verification on a sign-up page that navigates on: what to change is said
    const required = testCase.steps.some((step) => step.args?.includes('--require-email-verification'))
    expect(steps.includes('with requireEmailVerification, sign-up signs nobody in')).toBe(required)
  })

  it('a second run plans no change and says the feature is already on; --list shows them on', () => {
    for (const step of testCase.steps) {
      const before = snapshotTree(app)
      const { result, document } = add(app, [step.feature, ...(step.args ?? [])])
      expect(result.code).toBe(0)
      expect(document.nothingToDo).toBe(true)
      expect(document.changes.every((change) => change.action === 'unchanged')).toBe(true)
      expect(document.notes?.[0]).toBe(`${step.feature} is already on in this app.`)
      expect(snapshotTree(app)).toEqual(before)
    }
    const { document } = add(app, ['--list'])
    const on = document.features?.filter((feature) => feature.on).map((feature) => feature.name)
    expect(on).toEqual(['email', 'email-verification', 'password-reset'])
  })
})

describe('add on an app init’ed with --no-email', () => {
  let app: string
  beforeAll(() => {
    app = initialised('default-npm', ['--no-email'])
  })

  it('--dry-run plans the files and writes nothing', () => {
    const before = snapshotTree(app)
    const { result, document } = add(app, ['password-reset', '--dry-run', '--diff'])
    expect(result.code).toBe(0)
    expect(document.dryRun).toBe(true)
    expect(document.changes.map((change) => change.path)).toContain('src/routes/forgot-password.tsx')
    expect(snapshotTree(app)).toEqual(before)
  })

  it.each([
    ['nope', '"nope" is not a feature kit-auth can add.'],
    ['Email', '"Email" is not a feature kit-auth can add.'],
  ])('%j exits 2 with the reason and the known features, and changes nothing', (feature, message) => {
    const before = snapshotTree(app)
    const result = cli(app, ['add', feature])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain('Known features: email, email-verification, password-reset')
    expect(result.stderr.trim().split('\n')).toHaveLength(2)
    expect(snapshotTree(app)).toEqual(before)
  })

  it('--list prints every feature and what is on', () => {
    const result = cli(app, ['add', '--list'])
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split('\n')
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual([
      'email',
      'email-verification',
      'password-reset',
      'oauth',
      'oidc',
      'two-factor',
      'passkey',
      'magic-link',
      'redis',
    ])
    expect(lines[0]).toMatch(/^email\s+off\s/)
    expect(lines[2]).toMatch(/^password-reset\s+off\s/)
    expect(lines[3]).toMatch(/^oauth\s+off\s/)
    const { document } = add(app, ['--list'])
    expect(document.features?.find((feature) => feature.name === 'redis')).toMatchObject({
      available: true,
      on: false,
    })
  })

  it('add email writes lib/auth/email.ts, its packages and the ignored outbox, and nothing else', () => {
    const root = copy('default-npm')
    expect(cli(root, ['init', '--yes', '--no-email']).code).toBe(0)
    const before = snapshotTree(root)
    const { result } = add(root, ['email'])
    expect(result.code).toBe(0)
    const after = snapshotTree(root)
    expect(changedFiles(before, after)).toEqual(['.gitignore', 'package.json', 'src/lib/auth/email.ts'])
    expect(after['.gitignore']).toContain('/.kit-auth/')
    expect(JSON.parse(after['package.json']!).dependencies).toMatchObject({ nodemailer: expect.any(String) })
    expect(
      add(root, ['--list'])
        .document.features?.filter((feature) => feature.on)
        .map((f) => f.name),
    ).toEqual(['email'])
  })

  it('keeps an app’s own /forgot-password page and reports it', () => {
    const root = copy('default-npm')
    expect(cli(root, ['init', '--yes', '--no-email']).code).toBe(0)
    const own =
      "import { createFileRoute } from '@tanstack/react-router'\n\n" +
      "export const Route = createFileRoute('/forgot-password')({ component: () => <p>Ask us</p> })\n"
    write(root, 'src/routes/forgot-password.tsx', own)
    const { result, document } = add(root, ['password-reset'])
    expect(result.code).toBe(0)
    expect(read(root, 'src/routes/forgot-password.tsx')).toBe(own)
    expect(document.changes.map((change) => change.path)).toContain('src/routes/reset-password.tsx')
    expect(document.notes).toContain(
      'Kept your own /forgot-password page (src/routes/forgot-password.tsx); the account emails link to it.',
    )
  })

  it('gives an instance without emailAndPassword no password sign-in: it says what to enable, not that it is on', () => {
    const root = copy('existing-better-auth')
    const auth = read(root, 'src/lib/auth.ts').replace(/ {2}emailAndPassword: \{\n {4}enabled: true,\n {2}\},\n/, '')
    expect(auth).not.toContain('emailAndPassword')
    write(root, 'src/lib/auth.ts', auth)
    expect(cli(root, ['init', '--yes', '--no-email']).code).toBe(0)
    const before = read(root, 'src/lib/auth.ts')
    const { result, document } = add(root, ['password-reset'])
    expect(result.code).toBe(0)
    expect(read(root, 'src/lib/auth.ts')).toBe(before)
    expect(document.alreadyOn).toBe(false)
    expect(document.nextSteps.join('\n')).toContain(
      'src/lib/auth.ts has no `emailAndPassword` option: enable it (`emailAndPassword: { enabled: true }`)',
    )
  })

  it.each(['email-verification', 'password-reset'])(
    'add %s is refused on an instance that sends emailOTP codes (a link beside each code), nothing written',
    (feature) => {
      const root = copy('existing-better-auth')
      const auth = read(root, 'src/lib/auth.ts')
        .replace("import { admin } from 'better-auth/plugins'", "import { admin, emailOTP } from 'better-auth/plugins'")
        .replace('admin()]', 'admin(), emailOTP({ async sendVerificationOTP() {} })]')
      expect(auth).toContain('emailOTP({')
      write(root, 'src/lib/auth.ts', auth)
      expect(cli(root, ['init', '--yes']).code).toBe(0)
      const before = snapshotTree(root)
      const result = cli(root, ['add', feature])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(
        `src/lib/auth.ts sends emailOTP codes (its emailOTP(...) plugin) to verify addresses and reset passwords: ` +
          `kit-auth add ${feature} would send a link beside each code`,
      )
      expect(result.stderr).toContain('remove emailOTP(...) from its plugins')
      expect(snapshotTree(root)).toEqual(before)
    },
  )

  it('is refused on an app without the auth layer, with nothing changed', () => {
    const root = copy('default-npm')
    const before = snapshotTree(root)
    const result = cli(root, ['add', 'password-reset'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Run `npx kit-auth init` first')
    expect(snapshotTree(root)).toEqual(before)
  })
})
