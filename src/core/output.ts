import pc from 'picocolors'

/**
 * Where users see things. Prose goes to stdout unless `--json`, where stdout carries exactly
 * one JSON document and progress goes nowhere.
 */
export interface Output {
  readonly json: boolean
  info(text: string): void
  warn(text: string): void
  /** Starts a spinner (terminal) or prints the title (anything else). */
  progress(title: string): Promise<{ stop(ok: boolean): void }>
  document(value: unknown): void
}

export function createOutput(options: { json: boolean }, stream: NodeJS.WriteStream = process.stdout): Output {
  const fancy = !options.json && stream.isTTY === true
  return {
    json: options.json,
    info(text) {
      if (!options.json) stream.write(`${text}\n`)
    },
    warn(text) {
      process.stderr.write(`${pc.yellow('!')} ${text}\n`)
    },
    async progress(title) {
      if (options.json) return { stop() {} }
      if (!fancy) {
        stream.write(`- ${title}...\n`)
        return { stop: (ok: boolean) => void (ok ? undefined : stream.write(`  ${pc.red('failed')}: ${title}\n`)) }
      }
      const { spinner } = await import('@clack/prompts')
      const spin = spinner()
      spin.start(title)
      return { stop: (ok: boolean) => (ok ? spin.stop(title) : spin.error(`${title} failed`)) }
    },
    document(value) {
      if (options.json) stream.write(`${JSON.stringify(value, null, 2)}\n`)
    },
  }
}
