/**
 * The edits `kit-auth add` makes to kit-auth's own pages: a component inserted after its anchor
 * (import + one element), the sign-in error that explains EMAIL_NOT_VERIFIED, the sign-up
 * callbackURL. A page that already has it is left alone; one kit-auth no longer recognises too.
 */
import { describe, expect, it } from 'vitest'
import { addPageElement, type AddPageElementOptions } from '../../../src/codemods/page/add-page-element.js'
import { addSignUpCallback } from '../../../src/codemods/page/add-sign-up-callback.js'
import { explainUnverifiedSignIn } from '../../../src/codemods/page/explain-unverified-sign-in.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'

const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }
const FILE = 'src/routes/sign-in.tsx'

const SIGN_IN = `import { useState } from 'react'
import { authClient } from '#/lib/auth/auth-client'

function SignInPage() {
  const [error, setError] = useState<string | null>(null)
  async function onSubmit() {
    const { error } = await authClient.signIn.email({ email: 'a', password: 'b' })
    if (error) {
      setError(error.message ?? 'Could not sign in')
      return
    }
  }
  return (
    <main>
      <form onSubmit={onSubmit}>
        <h1>Sign in</h1>
        <button type="submit">Sign in</button>
        <p>No account?</p>
      </form>
    </main>
  )
}
`

const LINK: AddPageElementOptions = {
  component: 'SignInPage',
  container: 'form',
  name: 'ForgotPasswordLink',
  from: '#/lib/auth/components/forgot-password-link',
  jsx: '<ForgotPasswordLink />',
  after: [{ tag: 'button', which: 'last' }],
  style: STYLE,
}

describe('addPageElement', () => {
  it('imports the component and renders it after its anchor, at the anchor’s indentation', () => {
    const result = runTransform(SIGN_IN, FILE, addPageElement, LINK)
    expect(result.data?.status).toBe('added')
    expect(result.text).toContain(
      "import { authClient } from '#/lib/auth/auth-client'\n" +
        "import { ForgotPasswordLink } from '#/lib/auth/components/forgot-password-link'\n",
    )
    expect(result.text).toContain(
      '        <button type="submit">Sign in</button>\n        <ForgotPasswordLink />\n        <p>No account?</p>',
    )
    expect(runTransform(result.text, FILE, addPageElement, LINK).data?.status).toBe('present')
  })

  it('takes the first matching rule, and the first or last child as asked', () => {
    const account = SIGN_IN.replace('<h1>Sign in</h1>', '<p>one</p>')
    const first = runTransform(account, FILE, addPageElement, {
      ...LINK,
      after: [
        { tag: 'Missing', which: 'last' },
        { tag: 'p', which: 'first' },
      ],
    })
    expect(first.text).toContain('<p>one</p>\n        <ForgotPasswordLink />\n        <button')
  })

  it('leaves a page without the component function or the container alone', () => {
    for (const options of [
      { ...LINK, component: 'LoginPage' },
      { ...LINK, container: 'section' },
    ]) {
      const result = runTransform(SIGN_IN, FILE, addPageElement, options)
      expect(result.data?.status).toBe('unrecognised')
      expect(result.text).toBe(SIGN_IN)
    }
  })
})

describe('explainUnverifiedSignIn', () => {
  it('turns the error message into a choice on EMAIL_NOT_VERIFIED, once', () => {
    const result = runTransform(SIGN_IN, FILE, explainUnverifiedSignIn, { component: 'SignInPage', style: STYLE })
    expect(result.data?.status).toBe('added')
    expect(result.text).toContain(
      [
        '      setError(',
        "        error.code === 'EMAIL_NOT_VERIFIED'",
        "          ? 'Verify your email address first: we sent you a new link.'",
        "          : (error.message ?? 'Could not sign in'),",
        '      )',
      ].join('\n'),
    )
    const again = runTransform(result.text, FILE, explainUnverifiedSignIn, { component: 'SignInPage', style: STYLE })
    expect(again.data?.status).toBe('present')
  })

  it('is unrecognised on a page that sets its error another way', () => {
    const other = SIGN_IN.replace("setError(error.message ?? 'Could not sign in')", "setError('No')")
    const result = runTransform(other, FILE, explainUnverifiedSignIn, { component: 'SignInPage', style: STYLE })
    expect(result.data?.status).toBe('unrecognised')
    expect(result.text).toBe(other)
  })
})

describe('addSignUpCallback', () => {
  const signUp = "await authClient.signUp.email({\n  name: 'a',\n  email: 'b',\n  password: 'c',\n})\n"
  it('adds callbackURL to the signUp.email body, once', () => {
    const options = { callbackURL: '/verify-email', style: STYLE }
    const result = runTransform(signUp, 'src/routes/sign-up.tsx', addSignUpCallback, options)
    expect(result.text).toBe(signUp.replace("password: 'c',\n", "password: 'c',\n  callbackURL: '/verify-email',\n"))
    expect(runTransform(result.text, 'src/routes/sign-up.tsx', addSignUpCallback, options).data?.status).toBe('present')
  })
})
