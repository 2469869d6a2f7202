import { KitError } from './errors.js'

export interface Choice<T extends string> {
  value: T
  label: string
  hint?: string
}

interface Question<T> {
  /** What is asked, as the user sees it. */
  message: string
  /** The flag that answers it without a prompt, e.g. `--db <kind>`. */
  flag: string
  /** Used with --yes and without a TTY; no default means the flag is required there. */
  default?: T
}

/**
 * Every question kit-auth asks goes through this, so `--yes`, a non-TTY stdin and `CI=true`
 * all mean "never prompt": a question with a default takes it, one without is an error that
 * names the flag to pass. Never hangs.
 */
export interface Prompter {
  readonly interactive: boolean
  select<T extends string>(question: Question<T> & { choices: Choice<T>[] }): Promise<T>
  multiselect<T extends string>(question: Question<T[]> & { choices: Choice<T>[] }): Promise<T[]>
  confirm(question: Question<boolean>): Promise<boolean>
  text(question: Question<string> & { validate?: (value: string) => string | undefined }): Promise<string>
}

/** True when kit-auth may ask questions at all. */
export function canPrompt(options: { yes: boolean; json: boolean }, env = process.env, stdin = process.stdin): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false'
  return !options.yes && !options.json && !ci && stdin.isTTY === true
}

export function createPrompter(interactive: boolean): Prompter {
  const fallback = <T>(question: Question<T>): T => {
    if (question.default !== undefined) return question.default
    throw new KitError(`No answer for "${question.message}" and kit-auth may not ask here.`, `Pass ${question.flag}.`)
  }
  if (!interactive) {
    return {
      interactive,
      select: async (question) => fallback(question),
      multiselect: async (question) => fallback(question),
      confirm: async (question) => fallback(question),
      text: async (question) => fallback(question),
    }
  }
  // @clack/prompts is imported only when a question is really asked.
  const clack = () => import('@clack/prompts')
  const answered = async <T>(value: unknown): Promise<T> => {
    const { isCancel } = await clack()
    if (isCancel(value))
      throw new KitError('Cancelled; nothing was changed.', 'Run the command again when you are ready.')
    return value as T
  }
  return {
    interactive,
    async select(question) {
      const { select } = await clack()
      return answered<(typeof question.choices)[number]['value']>(
        await select({
          message: question.message,
          options: question.choices,
          initialValue: question.default,
        } as Parameters<typeof select>[0]),
      )
    },
    async multiselect(question) {
      const { multiselect } = await clack()
      return answered<Array<(typeof question.choices)[number]['value']>>(
        await multiselect({
          message: question.message,
          options: question.choices,
          initialValues: question.default,
          required: false,
        } as Parameters<typeof multiselect>[0]),
      )
    },
    async confirm(question) {
      const { confirm } = await clack()
      return answered<boolean>(await confirm({ message: question.message, initialValue: question.default }))
    },
    async text(question) {
      const { text } = await clack()
      return answered<string>(
        await text({
          message: question.message,
          initialValue: question.default,
          validate: question.validate ? (value) => question.validate?.(value ?? '') : undefined,
        }),
      )
    },
  }
}
