/**
 * The generated lib/auth/email.ts, rendered from its template, compiled and run in a real Node
 * process per environment: SMTP_URL through nodemailer to a real SMTP server, RESEND_API_KEY through
 * Resend's own client (its RESEND_BASE_URL pointed at a local HTTP server standing in for the API,
 * which cannot be reached from here), the development console + outbox, and production without a
 * transport (an error, never the link). sendEmail() must return before the mail server answers.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderTemplate } from '../../src/core/templates.js'
import { startMailbox, type Mailbox } from '../helpers/mailbox.js'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
// inside the repository, so the module's `import('nodemailer')` finds kit-auth's own devDependencies
const DIR = path.join(REPO, '.tmp', `email-module-${process.pid}`)
const MODULE = path.join(DIR, 'email.mjs')
const LINK = 'http://localhost:3000/api/auth/reset-password/secret-token-123?callbackURL=%2Freset-password'

/** Runs `script` (ESM, with `email` = the module) in a fresh Node process; resolves with its output. */
function runWith(
  env: Record<string, string>,
  script: string,
  cwd = DIR,
): Promise<{ stdout: string; stderr: string; code: number }> {
  const source = `const email = await import(${JSON.stringify(pathToFileURL(MODULE).href)});\n${script}`
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(SMTP_URL|RESEND_|EMAIL_FROM|NODE_ENV)/.test(name)),
  )
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', source],
      { cwd, env: { ...clean, ...env }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ stdout, stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 }),
    )
  })
}

const SEND = `email.sendEmail(email.authEmails.resetPassword('ada@example.com', ${JSON.stringify(LINK)}))`

let mailbox: Mailbox
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true })
  const source = renderTemplate('init/lib/auth/email.ts.hbs', {
    vercel: false,
    cloudflare: false,
    appNameLiteral: JSON.stringify('Test App'),
  })
  const { outputText, diagnostics } = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  expect(diagnostics ?? []).toEqual([])
  writeFileSync(MODULE, outputText)
  mailbox = await startMailbox()
})

afterAll(async () => {
  await mailbox?.close()
  rmSync(DIR, { recursive: true, force: true })
})

describe('lib/auth/email.ts', () => {
  it('SMTP_URL: nodemailer delivers to the SMTP server, from EMAIL_FROM, with text and HTML bodies', async () => {
    const result = await runWith(
      { SMTP_URL: mailbox.url, EMAIL_FROM: 'Test App <auth@example.com>', NODE_ENV: 'production' },
      `await email.deliverEmail(email.authEmails.verifyEmail('smtp@example.com', ${JSON.stringify(LINK)}))`,
    )
    expect(result.stderr).toBe('')
    const mail = await mailbox.waitFor('smtp@example.com')
    expect(mail.from).toMatch(/^"?Test App"? <auth@example.com>$/)
    expect(mail.subject).toBe('Verify your email address · Test App')
    expect(mail.text).toContain(LINK)
    expect(mail.html).toContain(`href="${LINK.replace(/&/g, '&#38;')}"`)
  })

  it('sendEmail() returns before the mail server has accepted the message, which then arrives', async () => {
    mailbox.hold()
    const source = `const email = await import(${JSON.stringify(pathToFileURL(MODULE).href)});
      const result = email.sendEmail(email.authEmails.verifyEmail('slow@example.com', 'http://x/y'));
      console.log('returned ' + (result === undefined ? 'void' : typeof result))`
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      cwd: DIR,
      env: { ...process.env, SMTP_URL: mailbox.url, NODE_ENV: 'production' },
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    try {
      // the server holds the message, unanswered, and the caller has already returned
      await expect.poll(() => mailbox.pending(), { timeout: 10_000 }).toBe(1)
      await expect.poll(() => stdout, { timeout: 10_000 }).toContain('returned void')
      expect(mailbox.to('slow@example.com')).toEqual([])
    } finally {
      mailbox.release()
    }
    await mailbox.waitFor('slow@example.com')
    await exited
  })

  it("RESEND_API_KEY: Resend's client posts the message to the Resend API", async () => {
    const received: { url: string; auth: string; body: Record<string, unknown> }[] = []
    const api: Server = createServer((request: IncomingMessage, response) => {
      let text = ''
      request.on('data', (chunk: Buffer) => (text += chunk.toString()))
      request.on('end', () => {
        received.push({ url: request.url ?? '', auth: request.headers.authorization ?? '', body: JSON.parse(text) })
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'email_123' }))
      })
    })
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = api.address() as AddressInfo
      const result = await runWith(
        {
          RESEND_API_KEY: 're_test_key',
          RESEND_BASE_URL: `http://127.0.0.1:${port}`,
          EMAIL_FROM: 'Test App <auth@example.com>',
          NODE_ENV: 'production',
        },
        `await email.deliverEmail(email.authEmails.resetPassword('resend@example.com', ${JSON.stringify(LINK)}))`,
      )
      expect(result.stderr).toBe('')
      expect(received).toHaveLength(1)
      expect(received[0]!.url).toBe('/emails')
      expect(received[0]!.auth).toBe('Bearer re_test_key')
      expect(received[0]!.body).toMatchObject({
        from: 'Test App <auth@example.com>',
        to: 'resend@example.com',
        subject: 'Reset your password · Test App',
      })
      expect(received[0]!.body.text).toContain(LINK)
    } finally {
      await new Promise((resolve) => api.close(resolve))
    }
  })

  it('neither, in development: the message goes to the console and to .kit-auth/outbox/', async () => {
    const cwd = path.join(DIR, 'dev-app')
    mkdirSync(cwd, { recursive: true })
    const result = await runWith(
      { NODE_ENV: 'development' },
      `${SEND}; await new Promise((r) => setTimeout(r, 300))`,
      cwd,
    )
    expect(result.stdout).toContain('[email] to ada@example.com: Reset your password · Test App')
    expect(result.stdout).toContain(LINK)
    const outbox = path.join(cwd, '.kit-auth', 'outbox')
    const files = readdirSync(outbox)
    expect(files).toHaveLength(1)
    expect(readFileSync(path.join(outbox, files[0]!), 'utf8')).toContain(LINK)
  })

  it('neither, and NODE_ENV unset (a server started by hand): no link printed, no outbox', async () => {
    const cwd = path.join(DIR, 'no-env-app')
    mkdirSync(cwd, { recursive: true })
    const result = await runWith({}, `${SEND}; await new Promise((r) => setTimeout(r, 300))`, cwd)
    expect(result.stderr).toContain('No email transport')
    expect(`${result.stdout}${result.stderr}`).not.toContain('secret-token-123')
    expect(existsSync(path.join(cwd, '.kit-auth'))).toBe(false)
  })

  it('neither, in production: an error at start and on every attempt, never the link, no outbox', async () => {
    const cwd = path.join(DIR, 'prod-app')
    mkdirSync(cwd, { recursive: true })
    const result = await runWith(
      { NODE_ENV: 'production' },
      `${SEND}; ${SEND}; await new Promise((r) => setTimeout(r, 300))`,
      cwd,
    )
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('No email transport: set SMTP_URL')
    // once when the module loads, then once per attempt
    expect(result.stderr.match(/No email transport/g)).toHaveLength(3)
    expect(`${result.stdout}${result.stderr}`).not.toContain('secret-token-123')
    expect(existsSync(path.join(cwd, '.kit-auth'))).toBe(false)
  })

  it('a failing transport is logged, and the caller is not affected', async () => {
    const result = await runWith(
      { SMTP_URL: 'smtp://127.0.0.1:1', NODE_ENV: 'production' },
      `${SEND}; console.log('returned'); await new Promise((r) => setTimeout(r, 1500))`,
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('returned')
    expect(result.stderr).toContain('[email] sending "Reset your password · Test App" failed')
    expect(result.stderr).not.toContain('secret-token-123')
  })
})
