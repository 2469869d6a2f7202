import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { addAccountEmails, type AddAccountEmailsOptions } from '../../../src/codemods/auth/add-account-emails.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

function optionsOf(json: Record<string, unknown>): AddAccountEmailsOptions {
  return {
    passwordReset: json.passwordReset === true,
    emailVerification: json.emailVerification === true,
    requireEmailVerification: json.requireEmailVerification === true,
    changeEmailVerification: json.changeEmailVerification === true,
    verificationLinkOnce: json.verificationLinkOnce !== false,
    emailFrom: '#/lib/auth/email',
    style: (json.style as CodeStyle | undefined) ?? STYLE,
  }
}

describeCases('addAccountEmails cases', {
  dir: fileURLToPath(new URL('./add-account-emails/', import.meta.url)),
  fileName: FILE,
  transform: addAccountEmails,
  options: optionsOf,
  keeps: 'every-token',
  check(output, { input, options }) {
    // every option at most once, and the email module imported once when something sends through it
    for (const name of ['sendResetPassword', 'sendVerificationEmail', 'changeEmail', 'requireEmailVerification'])
      expect(output.match(new RegExp(`\\b${name}:`, 'g'))?.length ?? 0, name).toBeLessThanOrEqual(1)
    const sends = /sendEmail\(authEmails/.test(output) && !/sendEmail\(authEmails/.test(input)
    expect(output.match(/import \{ authEmails, sendEmail \}/g)?.length ?? 0).toBe(sends ? 1 : 0)
    if (options.changeEmailVerification && output !== input) expect(output).toContain('sendChangeEmailVerification')
    // 1.3 would sign in again on every click of a still-valid link: no auto sign-in there
    if (!options.verificationLinkOnce && !input.includes('autoSignInAfterVerification'))
      expect(output).not.toContain('autoSignInAfterVerification')
  },
})

describe('addAccountEmails', () => {
  it("keeps the app's own callbacks and reports them", () => {
    const input = [
      "import { betterAuth } from 'better-auth'",
      'export const auth = betterAuth({',
      '  emailAndPassword: { enabled: true, sendResetPassword: mine },',
      '  emailVerification: { sendVerificationEmail: mineToo },',
      '})',
      '',
    ].join('\n')
    const result = runTransform(
      input,
      FILE,
      addAccountEmails,
      optionsOf({ passwordReset: true, emailVerification: true }),
    )
    expect(result.data?.yours).toEqual([
      'emailAndPassword.sendResetPassword',
      'emailVerification.sendVerificationEmail',
    ])
    expect(result.changes).toEqual(['user'])
    expect(result.text).not.toContain('authEmails')
  })

  it('adds no sign-in method: without emailAndPassword, the password options are left to the user', () => {
    const input = "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ socialProviders: {} })\n"
    const result = runTransform(input, FILE, addAccountEmails, optionsOf({ passwordReset: true }))
    expect(result.text).toBe(input)
    expect(result.notes).toEqual([expect.stringContaining('has no `emailAndPassword` option: enable it')])
  })

  it('leaves a value it cannot read to the user, with a note', () => {
    const input =
      "import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({ emailVerification: make() })\n"
    const result = runTransform(input, FILE, addAccountEmails, optionsOf({ emailVerification: true }))
    expect(result.notes).toEqual([expect.stringContaining('in `emailVerification` by hand')])
    expect(result.changes).toEqual(['user'])
  })
})

describe("addAccountEmails and the app's own sendEmail", () => {
  const input = [
    "import { betterAuth } from 'better-auth'",
    "import { sendEmail } from './mailer'",
    'export const auth = betterAuth({',
    '  emailAndPassword: { enabled: true },',
    '})',
    '',
  ].join('\n')

  it("imports kit-auth's under an alias and calls that, never the app's function", () => {
    const result = runTransform(
      input,
      FILE,
      addAccountEmails,
      optionsOf({ passwordReset: true, emailVerification: true }),
    )
    expect(result.text).toContain("import { authEmails, sendEmail as kitAuthSendEmail } from '#/lib/auth/email'")
    expect(result.text).toContain("import { sendEmail } from './mailer'")
    expect(result.text).toContain('kitAuthSendEmail(authEmails.resetPassword(user.email, url))')
    expect(result.text).toContain('kitAuthSendEmail(authEmails.verifyEmail(user.email, url))')
    expect(result.text).not.toMatch(/[^.\w]sendEmail\(/)
  })

  it('numbers the alias when that is taken too, and reuses an import of kit-auth’s own', () => {
    const taken = input.replace("'./mailer'", "'./mailer'\nconst kitAuthSendEmail = 1")
    const numbered = runTransform(taken, FILE, addAccountEmails, optionsOf({ passwordReset: true })).text
    expect(numbered).toContain('sendEmail as kitAuthSendEmail2')
    expect(numbered).toContain('kitAuthSendEmail2(authEmails.resetPassword')
    const imported = input.replace(
      "'./mailer'",
      "'./mailer'\nimport { sendEmail as send, authEmails as emails } from '#/lib/auth/email'",
    )
    const reused = runTransform(imported, FILE, addAccountEmails, optionsOf({ passwordReset: true })).text
    expect(reused).toContain('send(emails.resetPassword(user.email, url))')
    expect(reused.match(/from '#\/lib\/auth\/email'/g)).toHaveLength(1)
  })
})
