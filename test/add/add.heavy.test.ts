/**
 * `kit-auth add` on real installed apps: an app init'ed with --no-email gets password reset and
 * email verification, type-checks, builds, and, served with SMTP_URL pointing at a capturing SMTP
 * server (test/helpers/mailbox.ts), mails a reset link for a known address that leads to
 * /reset-password with a token (and a verification link on sign-up). The app's own instance
 * (existing-better-auth, adopted by init) gets the same and type-checks and builds too.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { inApp, startBuiltApp } from '../helpers/app-server.js'
import { runCli } from '../helpers/cli.js'
import { copyFixture } from '../helpers/fixtures.js'
import { linkIn, startMailbox } from '../helpers/mailbox.js'

const copies: string[] = []
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true })
})

/** `init --yes --no-email`, then `add password-reset` and `add email-verification`, then tsc and vite build. */
async function initAddAndBuild(fixture: string): Promise<string> {
  const app = await copyFixture(fixture, { installed: true })
  copies.push(app)
  for (const args of [
    ['init', '--yes', '--no-email'],
    ['add', 'password-reset'],
    ['add', 'email-verification'],
  ]) {
    const result = runCli([...args, '--cwd', app])
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0)
  }
  inApp(app, 'npx', ['tsc', '--noEmit'])
  inApp(app, 'npx', ['vite', 'build'])
  return app
}

describe('kit-auth add on installed apps', () => {
  it('default-npm, init --no-email, add both: tsc, build, an SMTP reset link reaches /reset-password', async () => {
    const app = await initAddAndBuild('default-npm')
    const mailbox = await startMailbox()
    const server = await startBuiltApp(app, { SMTP_URL: mailbox.url, EMAIL_FROM: 'App <app@example.com>' })
    try {
      const post = (endpoint: string, body: object) =>
        fetch(`${server.origin}/api/auth${endpoint}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.origin },
          body: JSON.stringify(body),
        })
      const email = 'reset@example.com'
      const signUp = await post('/sign-up/email', { name: 'Reset', email, password: 'correct-horse-battery' })
      expect(signUp.status, server.log()).toBe(200)
      // email-verification: sign-up sends a verification link
      const verification = new URL(linkIn((await mailbox.waitFor(email, 1)).text))
      expect(verification.pathname).toBe('/api/auth/verify-email')
      expect(verification.searchParams.get('token')).toBeTruthy()

      const known = await post('/request-password-reset', { email, redirectTo: '/reset-password' })
      expect(known.status, server.log()).toBe(200)
      const unknown = await post('/request-password-reset', {
        email: 'nobody@example.com',
        redirectTo: '/reset-password',
      })
      expect(unknown.status).toBe(200)
      const reset = await mailbox.waitFor(email, 2)
      expect(reset.text).not.toContain('correct-horse-battery')
      const link = linkIn(reset.text)
      expect(new URL(link).origin).toBe(server.origin)
      const followed = await fetch(link, { redirect: 'manual' })
      expect(followed.status, server.log()).toBe(302)
      const target = new URL(followed.headers.get('location')!, server.origin)
      expect(target.pathname).toBe('/reset-password')
      expect(target.searchParams.get('token')).toMatch(/^\w{8,}$/)
      // the page kit-auth added answers there
      const page = await fetch(target)
      expect(page.status, server.log()).toBe(200)
      expect(await page.text()).toContain('New password')
      expect(mailbox.to('nobody@example.com')).toEqual([])
    } finally {
      await server.stop()
      await mailbox.close()
    }
  }, 900_000)

  it('existing-better-auth (adopted instance) init --no-email + both features: tsc and build', async () => {
    await initAddAndBuild('existing-better-auth')
  }, 900_000)
})
