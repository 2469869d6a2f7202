/**
 * The sign-in page edits of `kit-auth add two-factor` and `kit-auth add passkey`: the page stops after
 * the password step when Better Auth asks for the second factor, and its email field offers passkeys
 * in the browser's autofill. Each edit happens once; a page kit-auth does not recognise is left alone.
 */
import { describe, expect, it } from 'vitest'
import { offerPasskeyAutofill } from '../../../src/codemods/page/offer-passkey-autofill.js'
import { stopAtSecondFactor } from '../../../src/codemods/page/stop-at-second-factor.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const FILE = 'src/routes/sign-in.tsx'

const SIGN_IN = `function SignInPage() {
  async function onSubmit() {
    const { error: failed } = await authClient.signIn.email({ email: 'a', password: 'b' })
    if (failed) {
      setError(failed.message ?? 'Could not sign in')
      return
    }
    await router.navigate({ href: getSafeRedirect(redirect) })
  }
  return (
    <form onSubmit={onSubmit}>
      <input name="email" type="email" autoComplete="email" required />
      <input name="password" type="password" autoComplete="current-password" />
    </form>
  )
}
`

describe('stopAtSecondFactor', () => {
  it('reads data from the sign-in result and returns after the error check when two-factor is pending, once', () => {
    const result = runTransform(SIGN_IN, FILE, stopAtSecondFactor, { component: 'SignInPage', style: STYLE })
    expect(result.data?.status).toBe('added')
    expect(result.text).toContain('const { data, error: failed } = await authClient.signIn.email(')
    expect(result.text).toContain(
      [
        '      return',
        '    }',
        '    // Two-factor on: onTwoFactorRedirect (auth-client) opens the code page.',
        "    if ('twoFactorRedirect' in data) return",
        '    await router.navigate(',
      ].join('\n'),
    )
    const again = runTransform(result.text, FILE, stopAtSecondFactor, { component: 'SignInPage', style: STYLE })
    expect(again.data?.status).toBe('present')
    expect(again.text).toBe(result.text)
  })

  it('uses the name the page gives data, semicolons and double quotes when the app writes them', () => {
    const page = SIGN_IN.replace('{ error: failed }', '{ data: result, error: failed }')
    const style: CodeStyle = { ...STYLE, quote: 'double', semicolons: true }
    const result = runTransform(page, FILE, stopAtSecondFactor, { component: 'SignInPage', style })
    expect(result.text).toContain('const { data: result, error: failed } =')
    expect(result.text).toContain('if ("twoFactorRedirect" in result) return;')
  })

  it('checks data first where no error check that leaves comes before (data may still be null there)', () => {
    const page = SIGN_IN.replace(/    if \(failed\) \{[\s\S]*?\n    \}\n/, '    if (failed) setError(failed.message)\n')
    const result = runTransform(page, FILE, stopAtSecondFactor, { component: 'SignInPage', style: STYLE })
    expect(result.data?.status).toBe('added')
    expect(result.text).toContain("    if (data && 'twoFactorRedirect' in data) return")
  })

  it('leaves a page without a signIn.email call (or another component) alone', () => {
    const other = SIGN_IN.replace('authClient.signIn.email', 'authClient.signIn.username')
    for (const [text, component] of [
      [other, 'SignInPage'],
      [SIGN_IN, 'LoginPage'],
    ] as const) {
      const result = runTransform(text, FILE, stopAtSecondFactor, { component, style: STYLE })
      expect(result.data?.status).toBe('unrecognised')
      expect(result.text).toBe(text)
    }
  })
})

describe('offerPasskeyAutofill', () => {
  it('in an app linted by oxlint, says above the attribute why its autocomplete-valid rule is wrong there', () => {
    const page = SIGN_IN.replace(
      '<input name="email" type="email" autoComplete="email" required />',
      '<input\n        name="email"\n        autoComplete="email"\n      />',
    )
    const result = runTransform(page, FILE, offerPasskeyAutofill, { component: 'SignInPage', oxlint: true })
    expect(result.text).toContain(
      [
        '        name="email"',
        "        // oxlint-disable-next-line jsx-a11y/autocomplete-valid -- 'webauthn' is a valid autofill token (HTML), missing from the rule's list",
        '        autoComplete="email webauthn"',
      ].join('\n'),
    )
    expect(runTransform(result.text, FILE, offerPasskeyAutofill, { component: 'SignInPage', oxlint: true }).text).toBe(
      result.text,
    )
    const plain = runTransform(page, FILE, offerPasskeyAutofill, { component: 'SignInPage' })
    expect(plain.text).not.toContain('oxlint')
  })
  it('puts webauthn last in the email field’s autoComplete, once, and nowhere else', () => {
    const result = runTransform(SIGN_IN, FILE, offerPasskeyAutofill, { component: 'SignInPage' })
    expect(result.data?.status).toBe('added')
    expect(result.text).toContain('<input name="email" type="email" autoComplete="email webauthn" required />')
    expect(result.text).toContain('autoComplete="current-password"')
    const again = runTransform(result.text, FILE, offerPasskeyAutofill, { component: 'SignInPage' })
    expect(again.data?.status).toBe('present')
  })

  it('adds autoComplete="username webauthn" to an email field without one; leaves a page without one alone', () => {
    const bare = SIGN_IN.replace(' autoComplete="email"', '')
    const result = runTransform(bare, FILE, offerPasskeyAutofill, { component: 'SignInPage' })
    expect(result.text).toContain('<input autoComplete="username webauthn" name="email"')
    const noEmail = SIGN_IN.replace('name="email"', 'name="login"')
    expect(runTransform(noEmail, FILE, offerPasskeyAutofill, { component: 'SignInPage' }).data?.status).toBe(
      'unrecognised',
    )
  })
})
