/**
 * A real SMTP server (the `smtp-server` package) on a private port that keeps every message it
 * receives, parsed by `mailparser`: the generated email module sends to it through SMTP_URL.
 */
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  to: string[]
  from: string
  subject: string
  text: string
  html: string
}

export interface Mailbox {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  url: string
  messages: ReceivedMail[]
  /** Messages to `address` (case-insensitive), oldest first. */
  to(address: string): ReceivedMail[]
  /** While held, the server keeps each message's DATA unanswered (a slow mail server). */
  hold(): void
  /** Messages the server has received but, held, not yet accepted. */
  pending(): number
  release(): void
  /**
   * Waits for the `which`-th message to `address` (1-based), or the first whose subject matches
   * `which`, and returns it.
   */
  waitFor(address: string, which?: number | RegExp, timeoutMs?: number): Promise<ReceivedMail>
  close(): Promise<void>
}

export async function startMailbox(): Promise<Mailbox> {
  const messages: ReceivedMail[] = []
  let held: Promise<void> | null = null
  let pending = 0
  let releaseHeld = () => {}
  const server = new SMTPServer({
    // plain SMTP on loopback: no certificate to trust in the test
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        async (mail) => {
          pending++
          await held
          pending--
          const addresses = [mail.to].flat().flatMap((to) => to?.value ?? [])
          messages.push({
            to: addresses.map((address) => (address.address ?? '').toLowerCase()),
            from: mail.from?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          })
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  const to = (address: string) => messages.filter((mail) => mail.to.includes(address.toLowerCase()))
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to,
    pending: () => pending,
    hold() {
      held ??= new Promise<void>((resolve) => (releaseHeld = resolve))
    },
    release() {
      releaseHeld()
      held = null
    },
    async waitFor(address, which = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      const pick = (mails: ReceivedMail[]) =>
        typeof which === 'number' ? mails[which - 1] : mails.find((mail) => which.test(mail.subject))
      while (Date.now() < deadline) {
        const mail = pick(to(address))
        if (mail) return mail
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error(
        `no message ${String(which)} to ${address} within ${timeoutMs} ms (got ${messages.length} in all)`,
      )
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The first http(s) link in a plain-text body. */
export function linkIn(text: string): string {
  const match = /https?:\/\/\S+/.exec(text)
  if (!match) throw new Error(`no link in: ${text}`)
  return match[0]
}
